package io.reelay.node.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Answers a request with the JSON a future brings, or hands its failure to the router's error handler. */
public final class Replies {

  private Replies() {}

  public static void json(RoutingContext ctx, Future<JsonObject> body) {
    json(ctx, 200, body);
  }

  public static void json(RoutingContext ctx, int status, Future<JsonObject> body) {
    body.onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
      } else {
        ctx.response().setStatusCode(status);
        ctx.json(result.result());
      }
    });
  }
}
