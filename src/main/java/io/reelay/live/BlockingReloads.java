package io.reelay.live;

import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Requests held until a part or segment exists: LL-HLS blocking playlist reloads ({@code _HLS_msn},
 * {@code _HLS_part}) and preload-hinted parts. Used on the channel's context only; whoever holds one completes
 * it with true when what it waits for is published, false when it times out or the stream ends.
 */
final class BlockingReloads {

  /** What a held request waits for: segment {@code msn}, or with {@code part >= 0} that part of it. */
  record Waiter(long msn, int part, long deadlineMs, Promise<Boolean> answer) {}

  private final List<Waiter> waiters = new ArrayList<>();

  void add(Waiter waiter) {
    waiters.add(waiter);
  }

  int size() {
    return waiters.size();
  }

  /** Completes those whose part is there now, or whose time is up. */
  void check(Availability availability, long nowMs) {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (availability.has(w.msn(), w.part())) {
        it.remove();
        w.answer().tryComplete(true);
      } else if (nowMs >= w.deadlineMs()) {
        it.remove();
        w.answer().tryComplete(false);
      }
    }
  }

  /** Answers everyone: the stream is gone or ended, nothing more will come. */
  void releaseAll() {
    List<Waiter> all = new ArrayList<>(waiters);
    waiters.clear();
    all.forEach(w -> w.answer().tryComplete(false));
  }

  /** Whether a part or segment is published. */
  interface Availability {
    boolean has(long msn, int part);
  }
}
