package io.reelay.upload;

import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Headers and error bodies of tus responses. Errors are short plain-text messages, never stack traces. */
final class TusResponses {

  private static final Logger LOG = LoggerFactory.getLogger(TusResponses.class);
  /** At most this much of a refused body is read and dropped before the connection is closed instead. */
  static final long DISCARD_LIMIT_BYTES = 8L << 20;

  private TusResponses() {}

  /** The headers that describe an upload (HEAD, and the creation response). */
  static void describe(HttpServerResponse response, Upload u) {
    boolean finalInProgress = u.concat().kind() == UploadConcat.Kind.FINAL && !u.finished();
    if (!finalInProgress) {
      response.putHeader(Tus.UPLOAD_OFFSET, Long.toString(u.offset()));
    }
    if (u.lengthKnown()) {
      response.putHeader(Tus.UPLOAD_LENGTH, Long.toString(u.length()));
    } else if (u.concat().kind() != UploadConcat.Kind.FINAL) {
      response.putHeader(Tus.UPLOAD_DEFER_LENGTH, "1");
    }
    if (!u.metadata().isEmpty()) {
      response.putHeader(Tus.UPLOAD_METADATA, u.metadata());
    }
    if (u.concat().kind() != UploadConcat.Kind.NONE) {
      response.putHeader(Tus.UPLOAD_CONCAT, u.concat().headerValue());
    }
    expires(response, u);
    if (u.videoId() != null) {
      response.putHeader(Tus.VIDEO_ID, u.videoId());
    }
  }

  static void expires(HttpServerResponse response, Upload u) {
    if (u.state() == UploadState.ACTIVE) {
      response.putHeader(Tus.UPLOAD_EXPIRES, httpDate(u.expiresAt()));
    }
  }

  static String httpDate(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
  }

  /**
   * Sends the failure as the tus status with a plain-text reason. If the request body was not read to the end,
   * the rest is drained and the connection closed after the response (see {@link #discardBody}).
   */
  static void fail(HttpServerRequest request, Throwable failure) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return; // the client is gone (e.g. cut the connection mid-body); what arrived was already kept
    }
    int status;
    String message;
    if (failure instanceof TusException tus) {
      status = tus.status();
      message = tus.getMessage();
    } else if (failure instanceof ApiException api) {
      status = api.status();
      message = api.getMessage();
      if (api.retryAfterSeconds() > 0) {
        response.putHeader("Retry-After", Integer.toString(api.retryAfterSeconds()));
      }
    } else {
      LOG.error("{} {} failed", request.method(), request.path(), failure);
      status = 500;
      message = "internal error; see the node's log";
    }
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    // A request without a body keeps its connection (the request is paused, but Vert.x still ends it).
    boolean bodyPending = !request.isEnded() && TusRequests.hasBody(request);
    if (bodyPending) {
      response.putHeader("Connection", "close");
    }
    response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8");
    Future<Void> sent = request.method().name().equals("HEAD") ? response.end() : response.end(message + "\n");
    if (bodyPending) {
      sent.onComplete(ar -> discardBody(request));
    }
  }

  /**
   * Reads and drops the rest of a body nobody will use, then closes the connection. The request is paused, so
   * without this the connection stays open until the idle timeout, and a client still writing the body (Node's
   * http, tus-js-client) waits that long. Draining lets the client finish, read the answer and see the close;
   * closing at once instead would reset it, and a client that reads only after writing would lose the
   * answer. A client that sends more than {@link #DISCARD_LIMIT_BYTES} is cut off.
   */
  private static void discardBody(HttpServerRequest request) {
    long[] discarded = {0};
    request.exceptionHandler(e -> {});
    // Vert.x does not close a Connection: close connection whose request ends after the response did.
    request.endHandler(v -> request.connection().close());
    request.handler(chunk -> {
      discarded[0] += chunk.length();
      if (discarded[0] > DISCARD_LIMIT_BYTES) {
        request.handler(null);
        request.connection().close();
      }
    });
    request.resume();
  }
}
