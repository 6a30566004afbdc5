package io.reelay.live.hls;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free slabs, shared by every stream of the node ({@link #SHARED}). Reusing them is what keeps a busy node from
 * allocating: a new slab is a humongous G1 object, and allocating those at 50 a second kept G1 in back-to-back
 * marking cycles. Bounded, so a node whose load fell keeps at most {@code maxFree} spare slabs.
 */
final class SlabPool {
  static final SlabPool SHARED = new SlabPool(64);

  private final int maxFree;
  private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger freeCount = new AtomicInteger();

  SlabPool(int maxFree) {
    this.maxFree = maxFree;
  }

  /** A slab of {@link MediaSlabs#SLAB_BYTES} holding one reference, reused if one is free. */
  Slab take() {
    byte[] array = free.poll();
    if (array == null) {
      array = new byte[MediaSlabs.SLAB_BYTES];
    } else {
      freeCount.decrementAndGet();
    }
    return new Slab(array, this);
  }

  void give(byte[] array) {
    if (freeCount.incrementAndGet() <= maxFree) {
      free.add(array);
    } else {
      freeCount.decrementAndGet();
    }
  }

  int free() {
    return freeCount.get();
  }
}
