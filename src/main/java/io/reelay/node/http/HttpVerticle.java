package io.reelay.node.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
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

  private static final int IDLE_TIMEOUT_SECONDS = 120;
  private static final int MAX_CHUNK_BYTES = 64 * 1024;
  /**
   * Hard cap on a client WebSocket message (what Vert.x buffers per connection); rooms refuse far smaller
   * ones themselves, with a close code the client can see.
   */
  private static final int MAX_WEBSOCKET_FRAME_BYTES = 64 * 1024;
  /** A WebSocket closed by the server that does not answer the close handshake is cut this much later. */
  private static final int WEBSOCKET_CLOSING_TIMEOUT_SECONDS = 5;
  /**
   * Before closing, an instance serves for this long with {@code Connection: close} on every
   * response. A keep-alive connection the server closed while idle races a client sending its next
   * request on it (the request is lost, and POSTs are not retried); letting the client close after
   * its next response avoids that race for every connection in active use.
   */
  private static final long LAME_DUCK_MS = 1000;

  private final HttpSettings settings;
  private final List<HttpRoutes> routes;
  private HttpServer server;
  private volatile boolean lameDuck;

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
      if (lameDuck) {
        ctx.response().putHeader("Connection", "close");
      }
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
            // No Vert.x compression: with it, no file is ever sent zero-copy. ResponseCompression does it instead.
            .setCompressionSupported(false)
            // Bodies arrive in chunks of up to this size (Netty reads at most 64 KiB at a time): the default 8 KiB
            // means 8x the per-chunk work (hashing, file writes) for large uploads.
            .setMaxChunkSize(MAX_CHUNK_BYTES)
            .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME_BYTES)
            .setMaxWebSocketMessageSize(MAX_WEBSOCKET_FRAME_BYTES)
            // A room frame is encoded once and written as the same bytes to every viewer; per-connection
            // deflate would compress it once per viewer.
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false)
            .setWebSocketClosingTimeout(WEBSOCKET_CLOSING_TIMEOUT_SECONDS)
            // Connections with no traffic for this long are closed, so idle clients cannot pile up.
            .setIdleTimeout(IDLE_TIMEOUT_SECONDS))
        .connectionHandler(connection -> {
          RequestTrailers.capture(connection);
          ResponseCompression.install(connection);
        })
        .requestHandler(router);
    return server.listen();
  }

  /** Graceful: lame-duck period, then stop accepting, let in-flight requests finish, and close. */
  @Override
  public Future<?> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    lameDuck = true;
    Promise<Void> lameDuckOver = Promise.promise();
    vertx.setTimer(LAME_DUCK_MS, id -> lameDuckOver.complete());
    return lameDuckOver.future().compose(v -> server.shutdown(settings.shutdownTimeoutSeconds(), TimeUnit.SECONDS));
  }
}
