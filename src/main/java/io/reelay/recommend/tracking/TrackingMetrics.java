package io.reelay.recommend.tracking;

import io.micrometer.core.instrument.Counter;
import io.reelay.node.NodeMetrics;

/** What operators watch of event ingestion: events accepted and refused, batches Kafka failed, server events. */
final class TrackingMetrics {

  private final Counter accepted;
  private final Counter rejected;
  private final Counter kafkaFailures;
  private final Counter serverWritten;
  private final Counter serverFailed;

  TrackingMetrics(NodeMetrics metrics) {
    String events = "reelay_tracking_events_total";
    String eventsHelp = "client events by outcome: accepted (acknowledged by Kafka) or rejected (failed the schema)";
    this.accepted = metrics.counter(events, eventsHelp, "outcome", "accepted");
    this.rejected = metrics.counter(events, eventsHelp, "outcome", "rejected");
    this.kafkaFailures = metrics.counter("reelay_tracking_kafka_failures_total",
        "batches answered 503 because Kafka did not acknowledge them (the client resends)");
    String server = "reelay_tracking_server_events_total";
    String serverHelp = "server-side events (upload, danmaku, gift, live) by outcome";
    this.serverWritten = metrics.counter(server, serverHelp, "outcome", "written");
    this.serverFailed = metrics.counter(server, serverHelp, "outcome", "failed");
  }

  void accepted(int n) {
    accepted.increment(n);
  }

  void rejected(int n) {
    rejected.increment(n);
  }

  void kafkaFailed() {
    kafkaFailures.increment();
  }

  void serverEvent(boolean written) {
    (written ? serverWritten : serverFailed).increment();
  }
}
