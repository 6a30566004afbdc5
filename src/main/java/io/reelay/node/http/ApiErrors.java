package io.reelay.node.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON errors per CONTRACT.md: {@code {"error": "...", "message": "..."}} with the right status,
 * and never a stack trace to a client.
 */
public final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  /** Turns every failure and unmatched route of the router into a JSON error. */
  public static void install(Router router) {
    router.errorHandler(404, ctx -> send(ctx, 404, "not_found", "no such resource: " + ctx.request().path()));
    router.errorHandler(405, ctx -> send(ctx, 405, "method_not_allowed",
        ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.route().failureHandler(ApiErrors::onFailure);
  }

  public static void send(RoutingContext ctx, int status, String error, String message) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for a JSON body; closing tells the client the response is incomplete.
      ctx.request().connection().close();
      return;
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", error).put("message", message).encode());
  }

  private static void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    String message = null;
    if (failure instanceof ApiException api) {
      if (api.retryAfterSeconds() > 0 && !ctx.response().headWritten()) {
        ctx.response().putHeader("Retry-After", Integer.toString(api.retryAfterSeconds()));
      }
      send(ctx, api.status(), api.error(), api.getMessage());
      return;
    }
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
      message = http.getPayload();
    }
    if (status < 400) {
      status = 500;
    }
    if (status >= 500) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      message = "internal error; see the node's log";
    }
    send(ctx, status, errorCode(status), message != null ? message : defaultMessage(status));
  }

  private static String errorCode(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "too_many_requests";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "error";
    };
  }

  private static String defaultMessage(int status) {
    return switch (status) {
      case 401 -> "missing, malformed, forged or expired token";
      case 413 -> "request body is larger than the configured limit";
      default -> "request failed with status " + status;
    };
  }
}
