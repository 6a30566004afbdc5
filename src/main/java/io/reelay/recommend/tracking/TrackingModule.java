package io.reelay.recommend.tracking;

import io.reelay.node.NodeMetrics;
import io.reelay.node.ServerEvents;
import io.reelay.node.auth.AccessGuard;
import io.reelay.node.auth.AuthService;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Behaviour tracking, wired: {@code POST /api/events} (client events) and the {@link ServerEvents} the other
 * capabilities report to, both written to Kafka topic {@code reelay.events} by one producer of the node's.
 */
public final class TrackingModule {

  private final EventLog log;
  private final HttpRoutes routes;
  private final ServerEvents serverEvents;

  private TrackingModule(EventLog log, HttpRoutes routes, ServerEvents serverEvents) {
    this.log = log;
    this.routes = routes;
    this.serverEvents = serverEvents;
  }

  public static TrackingModule create(Vertx vertx, String nodeId, Storage storage, AuthService auth,
      NodeMetrics nodeMetrics) {
    TrackingMetrics metrics = new TrackingMetrics(nodeMetrics);
    EventLog log = new EventLog(vertx, storage.kafka().producer("reelay-tracking-" + nodeId, EventLog.PRODUCER));
    return new TrackingModule(log, new TrackingRoutes(log, new AccessGuard(auth), metrics),
        new KafkaServerEvents(log, metrics));
  }

  public HttpRoutes routes() {
    return routes;
  }

  /** For the capabilities that report server-side events. */
  public ServerEvents serverEvents() {
    return serverEvents;
  }

  public Future<Void> close() {
    return log.close();
  }
}
