package io.reelay.live;

import io.reelay.live.srt.SrtListener;
import io.reelay.live.srt.SrtSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The SRT ingest: one listener on the SRT port (UDP), on this verticle's event loop. One instance per node: a UDP
 * port is bound once, and the listener demultiplexes every caller by SRT socket id itself.
 */
final class SrtVerticle extends VerticleBase {

  private final SrtIngest ingest;
  private final SrtSettings settings;
  private final String host;
  private final int port;
  private SrtListener listener;

  SrtVerticle(SrtIngest ingest, SrtSettings settings, String host, int port) {
    this.ingest = ingest;
    this.settings = settings;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    SrtListener started = new SrtListener(ingest, settings);
    return started.start(context, host, port).onSuccess(p -> {
      listener = started;
      ingest.connections(started::connections);
    });
  }

  @Override
  public Future<?> stop() {
    return listener == null ? Future.succeededFuture() : listener.close();
  }
}
