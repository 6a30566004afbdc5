package io.reelay.room;

import io.micrometer.core.instrument.Counter;
import io.reelay.node.NodeMetrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What operators watch of rooms. Updated from every event loop, hence the adders. */
final class RoomMetrics {

  private final AtomicLong connections = new AtomicLong();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final Counter sequenced;
  private final Counter batches;
  private final Counter slowCloses;
  private final Counter floodCloses;
  private final Counter archiveFailures;

  RoomMetrics(NodeMetrics metrics) {
    metrics.gauge("reelay_room_connections", "room WebSocket connections on this node", connections::get);
    metrics.functionCounter("reelay_room_messages_delivered", "room messages written to connections",
        delivered, LongAdder::sum);
    metrics.functionCounter("reelay_room_messages_dropped", "droppable room messages skipped for slow connections",
        dropped, LongAdder::sum);
    this.sequenced = metrics.counter("reelay_room_messages_sequenced", "room messages written to history by this owner");
    this.batches = metrics.counter("reelay_room_batches", "room batches written to history by this owner");
    this.slowCloses = metrics.counter("reelay_room_closes", "room connections closed by the server", "reason", "slow");
    this.floodCloses = metrics.counter("reelay_room_closes", "room connections closed by the server", "reason", "flood");
    this.archiveFailures = metrics.counter("reelay_room_archive_failures", "danmaku the archive failed to store");
  }

  void connected() {
    connections.incrementAndGet();
  }

  void disconnected() {
    connections.decrementAndGet();
  }

  void delivered(int messages) {
    delivered.add(messages);
  }

  void dropped(int messages) {
    dropped.add(messages);
  }

  void batchWritten(int messages) {
    batches.increment();
    sequenced.increment(messages);
  }

  void slowClosed() {
    slowCloses.increment();
  }

  void floodClosed() {
    floodCloses.increment();
  }

  void archiveFailed(int messages) {
    archiveFailures.increment(messages);
  }

  long droppedTotal() {
    return dropped.sum();
  }
}
