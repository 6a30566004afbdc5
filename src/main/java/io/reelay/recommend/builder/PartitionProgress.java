package io.reelay.recommend.builder;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One assigned partition's work: a chain per subject (a subject's events apply in order; different subjects of
 * the partition in parallel) and the offsets received but not yet written. The commit point is the lowest
 * offset still being written, or one past the last received: every record below it has its state written.
 * Owned by the consumer's context.
 */
final class PartitionProgress {

  private final TreeSet<Long> pending = new TreeSet<>();
  private final Map<String, Future<Void>> tails = new HashMap<>();
  private long next = -1;
  private long committed = -1;
  private boolean revoked;

  /** Runs {@code work} after the subject's earlier records; {@code offset} stays pending until it ends. */
  Future<Void> enqueue(long offset, String subject, java.util.function.Supplier<Future<Void>> work) {
    pending.add(offset);
    next = Math.max(next, offset + 1);
    Future<Void> before = tails.getOrDefault(subject, Future.succeededFuture());
    Future<Void> tail = before.transform(ignored -> work.get());
    tails.put(subject, tail);
    return tail.andThen(done -> {
      tails.remove(subject, tail);
      pending.remove(offset);
    });
  }

  /** The offset to commit (Kafka's "next to read"), or -1 when nothing new is written since the last commit. */
  long commitPoint() {
    long point = pending.isEmpty() ? next : pending.first();
    return point > committed ? point : -1;
  }

  void committed(long offset) {
    committed = Math.max(committed, offset);
  }

  int inFlight() {
    return pending.size();
  }

  /** Another consumer owns the partition now: a failing record stops retrying (its new owner redoes it). */
  void revoke() {
    revoked = true;
  }

  boolean revoked() {
    return revoked;
  }
}
