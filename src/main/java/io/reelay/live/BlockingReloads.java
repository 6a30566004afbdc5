package io.reelay.live;

import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Requests held until something is published: LL-HLS blocking playlist reloads ({@code _HLS_msn},
 * {@code _HLS_part}) and preload-hinted parts. Used on the channel's context only; whoever holds one completes
 * it with true when what it waits for is published, false when it times out or the stream ends.
 */
final class BlockingReloads {

  /** A held request: {@code published} tells whether what it waits for is there. */
  record Waiter(BooleanSupplier published, long deadlineMs, Promise<Boolean> answer) {}

  private final List<Waiter> waiters = new ArrayList<>();

  void add(Waiter waiter) {
    waiters.add(waiter);
  }

  /** Completes those whose wait is over: what they wait for is there, or their time is up. */
  void check(long nowMs) {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.published().getAsBoolean()) {
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
}
