package io.reelay.live.rtmp;

import io.reelay.live.ingest.Publishers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP (and, with TLS options, RTMPS) ingest server: a Vert.x {@link NetServer} with one
 * {@link RtmpConnection} per socket, each on its event loop. Publishers are admitted through {@link Publishers}.
 *
 * <p>Started from a verticle, its connections run on that verticle's context; deploying several instances on the
 * same port spreads connections over event loops, as for any Vert.x server.
 */
public final class RtmpServer {

  private static final Logger log = LoggerFactory.getLogger(RtmpServer.class);

  private final NetServer server;
  private final AtomicInteger connections = new AtomicInteger();

  private RtmpServer(Vertx vertx, Publishers publishers, RtmpSettings settings) {
    this.server = vertx.createNetServer(settings.netOptions());
    server.connectHandler(socket -> {
      connections.incrementAndGet();
      new RtmpConnection(vertx, socket, settings, publishers, connections::decrementAndGet).start();
    });
  }

  /** Listens on {@code host:port} (port 0: any free port, see {@link #actualPort()}). */
  public static Future<RtmpServer> start(Vertx vertx, Publishers publishers, RtmpSettings settings, String host,
      int port) {
    RtmpServer rtmp = new RtmpServer(vertx, publishers, settings);
    return rtmp.server.listen(port, host).map(s -> {
      log.info("rtmp{} ingest listening on {}:{}", settings.netOptions().isSsl() ? "s" : "", host, s.actualPort());
      return rtmp;
    });
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** Open connections (handshaking, idle or publishing). */
  public int connections() {
    return connections.get();
  }

  /** Stops listening and closes every connection; each publishing one ends its sink. */
  public Future<Void> close() {
    return server.close();
  }
}
