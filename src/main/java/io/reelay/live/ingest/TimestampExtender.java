package io.reelay.live.ingest;

/**
 * Extends a source's wrapping timestamps to 64 bits: RTMP's 32-bit milliseconds (they wrap after 49.7 days),
 * MPEG-TS's 33-bit 90 kHz PTS/DTS (26.5 hours). Each value is placed in the 2^bits epoch that puts it nearest the
 * latest one so far, so a jump back by more than half the range is read as a wrap, and a late frame from before a
 * wrap stays before it. Nothing else is repaired: jumps, gaps and small steps back pass through for the segmenter.
 */
public final class TimestampExtender {

  private final long range;
  private final long half;

  private long latest = -1;

  /** @param bits the width of the source's counter: 32 for RTMP, 33 for MPEG-TS */
  public TimestampExtender(int bits) {
    this.range = 1L << bits;
    this.half = range >> 1;
  }

  public long extend(long timestamp) {
    long ts = timestamp & (range - 1);
    if (latest < 0) {
      latest = ts;
      return ts;
    }
    long candidate = (latest & -range) | ts;
    if (candidate - latest > half && candidate >= range) {
      candidate -= range; // a little before a wrap we already made (a late frame)
    } else if (latest - candidate > half) {
      candidate += range; // the counter wrapped
    }
    latest = Math.max(latest, candidate);
    return candidate;
  }
}
