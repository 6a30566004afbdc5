package io.reelay.upload;

import io.reelay.node.cluster.PartitionRouter;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes a request for an upload this node does not own to the owner's HTTP server and streams the answer
 * back, body and all, with backpressure both ways. The owner's HTTP address is asked of the owner itself
 * (over the event bus) and cached per node. A request is forwarded at most once: if ownership moved again
 * meanwhile, the receiving node serves it (the storage dir is shared, so any node can).
 */
final class UploadForwarder {

  static final String FORWARDED_BY = "Reelay-Forwarded-By";
  private static final Logger LOG = LoggerFactory.getLogger(UploadForwarder.class);
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
      "transfer-encoding", "te", "trailer", "upgrade", "host");

  private final PartitionRouter router;
  private final HttpClient client;
  private final Map<String, Future<JsonObject>> endpoints = new ConcurrentHashMap<>();

  UploadForwarder(PartitionRouter router, HttpClient client) {
    this.router = router;
    this.client = client;
  }

  boolean shouldForward(HttpServerRequest request, String uploadId) {
    return router.clustered() && request.getHeader(FORWARDED_BY) == null && !router.isLocal(Upload.key(uploadId));
  }

  void forward(HttpServerRequest request, String uploadId) {
    // A request without a body (HEAD, DELETE, OPTIONS) can be sent again if it got no answer, as a proxy retries
    // an idempotent request on a pooled connection the other side had just closed; a body is consumed once.
    forward(request, uploadId, !TusRequests.hasBody(request));
  }

  private void forward(HttpServerRequest request, String uploadId, boolean mayRetry) {
    String owner = router.ownerOf(Upload.key(uploadId));
    exchange(request, owner, uploadId, answer -> relay(answer, request.response()).onFailure(e -> {
      LOG.warn("relaying the owner's answer to {} {} failed: {}", request.method(), request.path(), e.toString());
      request.response().reset();
    })).onComplete(answered -> {
      if (answered.succeeded()) {
        return;
      }
      endpoints.remove(owner);
      if (mayRetry) {
        LOG.debug("forwarding {} {} to node {} failed, once more: {}", request.method(), request.path(), owner,
            answered.cause().toString());
        forward(request, uploadId, false);
        return;
      }
      LOG.warn("forwarding {} {} to node {} failed: {}", request.method(), request.path(), owner,
          answered.cause().toString());
      TusResponses.fail(request, new ApiException(503, "unavailable",
          "the node that owns this upload is unreachable; retry", 1));
    });
  }

  /**
   * Sends the request to the owner and hands its answer, not yet read, to {@code onAnswer} in the very task the
   * answer arrives in: a bodiless answer (a HEAD's, a 204) has ended by the next task, and then it can no longer be
   * piped (Vert.x refuses handlers on an ended response). Fails only when no answer came.
   */
  private Future<Void> exchange(HttpServerRequest request, String owner, String uploadId,
      Handler<HttpClientResponse> onAnswer) {
    Future<HttpClientResponse> answer = endpointOf(owner, uploadId)
        .compose(endpoint -> client.request(new RequestOptions()
            .setMethod(request.method())
            .setHost(endpoint.getString("host"))
            .setPort(endpoint.getInteger("port"))
            .setURI(request.uri())))
        .compose(out -> {
          copyHeaders(request.headers(), out.headers());
          out.putHeader(FORWARDED_BY, router.localNodeId());
          return send(out, request).andThen(sent -> {
            if (sent.succeeded()) {
              onAnswer.handle(sent.result());
            }
          });
        });
    return answer.mapEmpty();
  }

  private static Future<HttpClientResponse> send(HttpClientRequest out, HttpServerRequest request) {
    if (!TusRequests.hasBody(request)) {
      return out.send();
    }
    if (expectsContinue(request)) {
      // The client sends the body only after a 100 Continue, which the owner gives once it wants the body:
      // send the head now (Vert.x would wait for the first body bytes) and pass the owner's answer on.
      out.continueHandler(v -> request.response().writeContinue());
      return out.sendHead().compose(v -> out.send(request));
    }
    return out.send(request);
  }

  /**
   * Passes the owner's answer on. Its headers replace any this node had already set (Tus-Resumable, CORS, ...):
   * added to them, each would be sent twice.
   */
  private static Future<Void> relay(HttpClientResponse answer, HttpServerResponse response) {
    response.setStatusCode(answer.statusCode()).setStatusMessage(answer.statusMessage());
    answer.headers().names().forEach(name -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        response.headers().set(name, answer.headers().getAll(name));
      }
    });
    try {
      return response.send(answer);
    } catch (IllegalStateException e) { // the answer ended before it was piped: a reset, not a client left hanging
      return Future.failedFuture(e);
    }
  }

  private Future<JsonObject> endpointOf(String nodeId, String uploadId) {
    return endpoints.computeIfAbsent(nodeId, id -> router.request(UploadModule.CAPABILITY, Upload.key(uploadId),
        new JsonObject().put("op", "endpoint"), null).map(reply -> reply.body()));
  }

  private static boolean expectsContinue(HttpServerRequest request) {
    return "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
  }

  private static void copyHeaders(MultiMap from, MultiMap to) {
    from.forEach((name, value) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase())) {
        to.add(name, value);
      }
    });
  }

}
