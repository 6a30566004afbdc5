package io.reelay.node.auth;

import io.reelay.node.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Route handlers that require a valid bearer token and a role. */
public final class AccessGuard {

  private static final String PRINCIPAL = "reelay.principal";
  private final AuthService auth;

  public AccessGuard(AuthService auth) {
    this.auth = auth;
  }

  public Handler<RoutingContext> require(Role role) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        ctx.fail(new ApiException(401, "unauthorized", "an 'Authorization: Bearer <token>' header is required"));
        return;
      }
      auth.authenticate(header.substring(7).trim()).onComplete(result -> {
        if (result.failed()) {
          ctx.fail(result.cause());
        } else if (!result.result().role().includes(role)) {
          ctx.fail(new ApiException(403, "forbidden", "requires role " + role.id()));
        } else {
          ctx.put(PRINCIPAL, result.result());
          ctx.next();
        }
      });
    };
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }
}
