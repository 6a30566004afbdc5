package io.reelay.node.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP capability: one instance per event loop, all sharing the node's port (Vert.x spreads
 * connections across instances). Capabilities contribute routes instead of opening servers of
 * their own, because servers on one port share connections round-robin regardless of path.
 */
public final class HttpVerticle extends VerticleBase {

  private final HttpSettings settings;
  private final List<HttpRoutes> routes;
  private HttpServer server;

  public HttpVerticle(HttpSettings settings, List<HttpRoutes> routes) {
    this.settings = settings;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    ApiErrors.install(router);
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    });
    // JSON APIs get bounded, in-memory bodies; streaming endpoints (tus, media) mount their own.
    BodyHandler jsonBodies = BodyHandler.create(false).setBodyLimit(settings.bodyLimitBytes());
    router.route("/api/*").handler(jsonBodies);
    router.route("/ops/*").handler(jsonBodies);
    routes.forEach(r -> r.mount(router));
    server = vertx.createHttpServer(new HttpServerOptions()
            .setHost(settings.host())
            .setPort(settings.port())
            .setCompressionSupported(true))
        .requestHandler(router);
    return server.listen();
  }

  /** Graceful: stop accepting, let in-flight requests finish, then close. */
  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(settings.shutdownTimeoutSeconds(), TimeUnit.SECONDS);
  }
}
