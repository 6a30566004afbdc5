package io.reelay.recommend.builder;

import java.util.TreeSet;

/**
 * One assigned partition's offsets received but not yet written. The commit point is the lowest offset still
 * being written, or one past the last received: every record below it has its state written. Owned by the
 * consumer's context.
 */
final class PartitionProgress {

  private final TreeSet<Long> pending = new TreeSet<>();
  private long next = -1;
  private long committed = -1;
  private boolean revoked;

  void received(long offset) {
    pending.add(offset);
    next = Math.max(next, offset + 1);
  }

  /** The record's state is written (or it was skipped). */
  void written(long offset) {
    pending.remove(offset);
  }

  /** The offset to commit (Kafka's "next to read"), or -1 when nothing new is written since the last commit. */
  long commitPoint() {
    long point = pending.isEmpty() ? next : pending.first();
    return point > committed ? point : -1;
  }

  void committed(long offset) {
    committed = Math.max(committed, offset);
  }

  /** Another consumer owns the partition now: a failing record stops retrying (its new owner redoes it). */
  void revoke() {
    revoked = true;
  }

  boolean revoked() {
    return revoked;
  }
}
