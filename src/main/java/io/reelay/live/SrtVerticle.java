package io.reelay.live;

import io.reelay.live.srt.SrtListener;
import io.reelay.live.srt.SrtSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.LongConsumer;

/**
 * The SRT ingest: one listener on the SRT port (UDP), on this verticle's event loop. One instance per node: a UDP
 * port is bound once, and the listener demultiplexes every caller by SRT socket id itself.
 */
final class SrtVerticle extends VerticleBase {

  private final SrtIngest ingest;
  private final SrtSettings settings;
  private final String host;
  private final int port;
  private final LongConsumer deliveryLateness;
  private SrtListener listener;

  SrtVerticle(SrtIngest ingest, SrtSettings settings, String host, int port, LongConsumer deliveryLateness) {
    this.ingest = ingest;
    this.settings = settings;
    this.host = host;
    this.port = port;
    this.deliveryLateness = deliveryLateness;
  }

  @Override
  public Future<?> start() {
    SrtListener started = new SrtListener(ingest, settings, deliveryLateness);
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
