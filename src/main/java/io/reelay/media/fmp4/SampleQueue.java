package io.reelay.media.fmp4;

import java.util.Arrays;

/**
 * One track's samples waiting to go into fragments, in decode order, as parallel arrays (no object per sample).
 * The sample bytes are referenced, not copied: the only copy is into the fragment.
 */
public final class SampleQueue {
  private final int trackId;
  private final boolean video;
  private long[] times = new long[64];
  private int[] durations = new int[64];
  private int[] offsets = new int[64];
  private boolean[] sync = new boolean[64];
  private byte[][] data = new byte[64][];
  private int count;

  /**
   * @param video whether samples carry sync flags and composition offsets (audio samples are all sync, CTO 0)
   */
  public SampleQueue(int trackId, boolean video) {
    this.trackId = trackId;
    this.video = video;
  }

  /**
   * @param time decode time in the track's timescale
   * @param duration in the track's timescale, at least 1
   * @param compositionOffset pts - dts, in the track's timescale
   */
  public void add(long time, int duration, int compositionOffset, boolean isSync, byte[] bytes) {
    if (count == times.length) {
      int n = count * 2;
      times = Arrays.copyOf(times, n);
      durations = Arrays.copyOf(durations, n);
      offsets = Arrays.copyOf(offsets, n);
      sync = Arrays.copyOf(sync, n);
      data = Arrays.copyOf(data, n);
    }
    times[count] = time;
    durations[count] = duration;
    offsets[count] = compositionOffset;
    sync[count] = isSync;
    data[count] = bytes;
    count++;
  }

  /** Drops the first {@code n} samples (after they went into a fragment), releasing their bytes. */
  public void remove(int n) {
    int left = count - n;
    System.arraycopy(times, n, times, 0, left);
    System.arraycopy(durations, n, durations, 0, left);
    System.arraycopy(offsets, n, offsets, 0, left);
    System.arraycopy(sync, n, sync, 0, left);
    System.arraycopy(data, n, data, 0, left);
    Arrays.fill(data, left, count, null);
    count = left;
  }

  /** How many leading samples decode before {@code time} (track timescale). */
  public int countBefore(long time) {
    int n = 0;
    while (n < count && times[n] < time) {
      n++;
    }
    return n;
  }

  public int count() {
    return count;
  }

  public int trackId() {
    return trackId;
  }

  public boolean video() {
    return video;
  }

  public long time(int i) {
    return times[i];
  }

  public int duration(int i) {
    return durations[i];
  }

  public boolean sync(int i) {
    return sync[i];
  }

  /** End of the last sample (time + duration), or {@code fallback} when empty. */
  public long end(long fallback) {
    return count == 0 ? fallback : times[count - 1] + durations[count - 1];
  }

  int compositionOffset(int i) {
    return offsets[i];
  }

  byte[] data(int i) {
    return data[i];
  }
}
