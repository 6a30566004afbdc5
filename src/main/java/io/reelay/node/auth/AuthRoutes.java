package io.reelay.node.auth;

import io.reelay.node.http.HttpRoutes;
import io.reelay.node.http.JsonBodies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/auth/register}, {@code POST /api/auth/login}, {@code GET /api/auth/me}. */
public final class AuthRoutes implements HttpRoutes {

  private final AuthService auth;
  private final AccessGuard guard;

  public AuthRoutes(AuthService auth, AccessGuard guard) {
    this.auth = auth;
    this.guard = guard;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/auth/register").handler(ctx -> respondWithToken(ctx, 201, (u, p) -> auth.register(u, p)));
    router.post("/api/auth/login").handler(ctx -> respondWithToken(ctx, 200, (u, p) -> auth.login(u, p)));
    router.get("/api/auth/me").handler(guard.require(Role.VIEWER)).handler(ctx -> {
      Principal who = AccessGuard.principal(ctx);
      ctx.json(new JsonObject().put("id", who.userId()).put("username", who.username()).put("role", who.role().id()));
    });
  }

  private interface Credentials {
    Future<String> apply(String username, String password);
  }

  private static void respondWithToken(RoutingContext ctx, int status, Credentials action) {
    JsonObject body = JsonBodies.object(ctx);
    String username = JsonBodies.requiredString(body, "username");
    String password = JsonBodies.requiredString(body, "password");
    action.apply(username, password).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
      } else {
        ctx.response().setStatusCode(status);
        ctx.json(new JsonObject().put("token", result.result()));
      }
    });
  }
}
