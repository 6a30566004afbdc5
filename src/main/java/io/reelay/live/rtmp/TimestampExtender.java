package io.reelay.live.rtmp;

/**
 * Extends a track's 32-bit RTMP timestamps (milliseconds; they wrap after 49.7 days) to 64 bits: each value is
 * placed in the 2^32 epoch that puts it nearest the latest one so far, so a jump back by more than half the range
 * is read as a wrap, and a late frame from before a wrap stays before it. Nothing else is repaired: jumps, gaps
 * and small steps back pass through for the segmenter.
 */
final class TimestampExtender {

  private static final long RANGE = 1L << 32;
  private static final long HALF = 1L << 31;

  private long latest = -1;

  long extend(long timestamp32) {
    long ts = timestamp32 & 0xFFFFFFFFL;
    if (latest < 0) {
      latest = ts;
      return ts;
    }
    long candidate = (latest & -RANGE) | ts;
    if (candidate - latest > HALF && candidate >= RANGE) {
      candidate -= RANGE; // a little before a wrap we already made (a late frame)
    } else if (latest - candidate > HALF) {
      candidate += RANGE; // the counter wrapped
    }
    latest = Math.max(latest, candidate);
    return candidate;
  }
}
