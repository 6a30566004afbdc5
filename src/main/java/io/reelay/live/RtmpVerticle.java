package io.reelay.live;

import io.reelay.live.ingest.Publishers;
import io.reelay.live.rtmp.RtmpServer;
import io.reelay.live.rtmp.RtmpSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * One instance of the RTMP ingest: a server on the shared RTMP port, on this verticle's event loop. Several
 * instances spread publishers over event loops; each publisher's channel lives on its connection's loop.
 */
final class RtmpVerticle extends VerticleBase {

  private final Publishers publishers;
  private final RtmpSettings settings;
  private final String host;
  private final int port;
  private RtmpServer server;

  RtmpVerticle(Publishers publishers, RtmpSettings settings, String host, int port) {
    this.publishers = publishers;
    this.settings = settings;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return RtmpServer.start(vertx, publishers, settings, host, port).onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
