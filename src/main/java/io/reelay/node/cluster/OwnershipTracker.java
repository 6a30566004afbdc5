package io.reelay.node.cluster;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Turns "the partition table may have changed" signals into exact per-key moves.
 *
 * <p>Keeps the last partition-owner snapshot and, once signals stop for a moment, diffs it against the live
 * table. Because each diff is against the previous snapshot, a signal that is missed or arrives before the local
 * table caught up only delays a notification (a periodic resync catches it), it never loses a move.
 * All snapshot and timer state is confined to one Vert.x context.
 */
final class OwnershipTracker {

  private static final Logger log = LoggerFactory.getLogger(OwnershipTracker.class);

  /** Migrations come in bursts: wait for this much quiet before diffing... */
  static final long QUIET_MS = 200;
  /** ...but never delay a notification longer than this during a long migration. */
  static final long MAX_DELAY_MS = 2_000;
  /** Safety net for signals Hazelcast does not give (e.g. the master crashed mid-migration). */
  static final long RESYNC_MS = 5_000;

  private final Vertx vertx;
  private final Context context;
  private final Supplier<PartitionOwners> reader;
  private final ToIntFunction<String> partitionOf;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  private volatile PartitionOwners current;
  private long timerId = -1;
  private long firstSignalNanos;
  private long resyncId = -1;
  private volatile boolean closed;

  OwnershipTracker(Vertx vertx, Context context, Supplier<PartitionOwners> reader, ToIntFunction<String> partitionOf) {
    this.vertx = vertx;
    this.context = context;
    this.reader = reader;
    this.partitionOf = partitionOf;
  }

  void start() {
    current = safeRead();
    context.runOnContext(v -> {
      if (!closed) {
        resyncId = vertx.setPeriodic(RESYNC_MS, id -> recompute());
      }
    });
  }

  /** Last snapshot's owner of a partition; null if unknown. */
  String lastKnownOwner(int partitionId) {
    PartitionOwners snapshot = current;
    return snapshot == null ? null : snapshot.owner(partitionId);
  }

  /** Thread-safe; called from Hazelcast event threads. */
  void changed() {
    if (closed) {
      return;
    }
    try {
      context.runOnContext(v -> schedule());
    } catch (RuntimeException e) {
      // Vert.x is closing underneath us: nobody is left to notify.
      log.debug("dropping partition change signal", e);
    }
  }

  Registration register(Supplier<Collection<String>> keysHeld, OwnershipListener listener) {
    Context ctx = Vertx.currentContext();
    Subscriber subscriber = new Subscriber(ctx != null ? ctx : context, keysHeld, listener);
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  void close() {
    closed = true;
    subscribers.clear();
    context.runOnContext(v -> {
      vertx.cancelTimer(resyncId);
      vertx.cancelTimer(timerId);
    });
  }

  private void schedule() {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    } else {
      firstSignalNanos = now;
    }
    long waited = (now - firstSignalNanos) / 1_000_000;
    long delay = Math.max(1, Math.min(QUIET_MS, MAX_DELAY_MS - waited));
    timerId = vertx.setTimer(delay, id -> {
      timerId = -1;
      recompute();
    });
  }

  private void recompute() {
    if (closed) {
      return;
    }
    PartitionOwners next = safeRead();
    if (next == null) {
      // Some partition has no owner yet (backup promotion pending); look again shortly.
      schedule();
      return;
    }
    PartitionOwners previous = current;
    current = next;
    if (previous == null) {
      return;
    }
    Map<Integer, PartitionOwners.Change> changes = previous.changesTo(next);
    if (changes.isEmpty()) {
      return;
    }
    log.debug("{} partitions changed owner", changes.size());
    for (Subscriber subscriber : subscribers) {
      subscriber.context.runOnContext(v -> subscriber.deliver(changes));
    }
  }

  private PartitionOwners safeRead() {
    try {
      return reader.get();
    } catch (RuntimeException e) {
      // Typically the Hazelcast instance is shutting down.
      log.debug("cannot read partition table", e);
      return null;
    }
  }

  private final class Subscriber {
    final Context context;
    final Supplier<Collection<String>> keysHeld;
    final OwnershipListener listener;

    Subscriber(Context context, Supplier<Collection<String>> keysHeld, OwnershipListener listener) {
      this.context = context;
      this.keysHeld = keysHeld;
      this.listener = listener;
    }

    void deliver(Map<Integer, PartitionOwners.Change> changes) {
      if (closed || !subscribers.contains(this)) {
        return;
      }
      try {
        List<KeyMove> moves = new ArrayList<>();
        for (String key : new LinkedHashSet<>(keysHeld.get())) {
          PartitionOwners.Change change = changes.get(partitionOf.applyAsInt(key));
          if (change != null) {
            moves.add(new KeyMove(key, change.fromNodeId(), change.toNodeId()));
          }
        }
        if (!moves.isEmpty()) {
          listener.ownershipChanged(moves);
        }
      } catch (RuntimeException e) {
        log.error("ownership listener failed", e);
      }
    }
  }
}
