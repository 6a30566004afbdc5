package io.reelay.node.auth;

import io.reelay.node.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/** Route handlers that require a valid bearer token and a role, or accept one when given. */
public final class AccessGuard {

  private static final String PRINCIPAL = "reelay.principal";
  private final AuthService auth;

  public AccessGuard(AuthService auth) {
    this.auth = auth;
  }

  public Handler<RoutingContext> require(Role role) {
    return ctx -> authenticate(ctx, who -> {
      if (!who.role().includes(role)) {
        ctx.fail(new ApiException(403, "forbidden", "requires role " + role.id()));
      } else {
        ctx.put(PRINCIPAL, who);
        ctx.next();
      }
    });
  }

  /**
   * For routes open to anonymous requests: without an Authorization header the request passes with
   * no principal; with one, the token must be valid (401 otherwise) and sets the principal.
   */
  public Handler<RoutingContext> optional() {
    return ctx -> {
      if (ctx.request().getHeader("Authorization") == null) {
        ctx.next();
        return;
      }
      authenticate(ctx, who -> {
        ctx.put(PRINCIPAL, who);
        ctx.next();
      });
    };
  }

  private void authenticate(RoutingContext ctx, Consumer<Principal> then) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(new ApiException(401, "unauthorized", "an 'Authorization: Bearer <token>' header is required"));
      return;
    }
    auth.authenticate(header.substring(7).trim()).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
      } else {
        then.accept(result.result());
      }
    });
  }

  /** The authenticated principal; null on an {@link #optional} route called without a token. */
  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }
}
