package io.reelay.live.hls;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where one live stream keeps the fragments it publishes: packed into slabs, arrays the size of a G1 heap region.
 *
 * <p>Why: a fragment lives as long as the playlist window (10-20 s), long enough to survive several young
 * collections, and G1 copies every surviving young object at each one. With 200 streams that was 1.5-2 GB of
 * media copied over and over, in young pauses of 150-900 ms that made parts late. An array of at least half a
 * region is "humongous": G1 allocates it straight into regions of its own, never moves it, and frees the region
 * whole once nothing points into it. So fragments are written once, straight into a slab, and never copied.
 *
 * <p>Slabs are reference counted ({@link Slab}) and reused through {@link SlabPool} once the last fragment in
 * them left the window and every response and recording write reading them is done; so a busy node allocates
 * no new slabs at all. Owned by the stream's segmenter, on its context.
 */
final class MediaSlabs {

  /** Fills one region exactly less a margin for the array header; at least half a region, so humongous. */
  static final int SLAB_BYTES = regionBytes() - 1024;

  private final SlabPool pool;
  private Slab slab;
  private int used;

  MediaSlabs(SlabPool pool) {
    this.pool = pool;
  }

  /** Copies {@code fragment} into the current slab (a new one when it does not fit); the slice has one reference. */
  MediaSlice keep(byte[] fragment) {
    if (fragment.length > SLAB_BYTES / 2) {
      return MediaSlice.of(fragment);
    }
    MediaSlice slice = allocate(fragment.length);
    System.arraycopy(fragment, 0, slice.array(), slice.offset(), fragment.length);
    return slice;
  }

  /**
   * A run of {@code n} bytes in the current slab (a new one when it does not fit), with one reference, for the
   * caller to fill before anyone else sees it: a fragment written straight here is never in the young generation.
   * Its bytes are not zeroed.
   */
  MediaSlice allocate(int n) {
    if (n > SLAB_BYTES / 2) {
      return MediaSlice.of(new byte[n]); // large enough to be humongous, or nearly, on its own
    }
    if (slab == null || SLAB_BYTES - used < n) {
      close();
      slab = pool.take();
      used = 0;
    }
    slab.retain();
    MediaSlice slice = new MediaSlice(slab, used, n);
    used += n;
    return slice;
  }

  /** Gives back the filling reference to the current slab (the stream ended, or the slab is full). */
  void close() {
    if (slab != null) {
      slab.release();
      slab = null;
    }
  }

  /** The G1 region size; 1 MiB under another collector (where the slabs just mean fewer, larger arrays). */
  private static int regionBytes() {
    try {
      HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue())) {
        long region = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
        if (region >= 1 << 20 && region <= 1 << 30) {
          return (int) region;
        }
      }
    } catch (RuntimeException e) {
      // not HotSpot: fall through
    }
    return 1 << 20;
  }
}
