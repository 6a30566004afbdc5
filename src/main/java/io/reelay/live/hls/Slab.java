package io.reelay.live.hls;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One array that fragments are packed into, shared by reference count: the segmenter filling it, each part in
 * a playlist window, each response or recording write still reading it. When the count reaches zero the array
 * goes back to {@link SlabPool} for a new stream's fragments. A reference that is never released only costs the
 * reuse: the array is then collected like any other.
 */
final class Slab {
  final byte[] array;
  private final SlabPool pool;
  private final AtomicInteger references = new AtomicInteger(1);

  /** @param pool where the array goes when the last reference is released; null: nowhere, it is collected */
  Slab(byte[] array, SlabPool pool) {
    this.array = array;
    this.pool = pool;
  }

  void retain() {
    if (references.getAndIncrement() <= 0) {
      throw new IllegalStateException("slab used after it was released");
    }
  }

  void release() {
    int left = references.decrementAndGet();
    if (left == 0 && pool != null) {
      pool.give(array);
    } else if (left < 0) {
      throw new IllegalStateException("slab released more often than retained");
    }
  }

  int references() {
    return references.get();
  }
}
