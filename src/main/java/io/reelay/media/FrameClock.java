package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/**
 * Turns the source's frame timestamps into constant-frame-rate output slots, as the FFmpeg CLI's
 * {@code -fps_mode cfr} does: a frame that arrives more than a slot early is dropped, one that leaves a gap
 * of more than a slot is repeated to fill it. Constant frame rate is what makes "a keyframe every
 * {@code fps * keyframeSeconds} frames" mean "every 2 s" in every rendition.
 */
final class FrameClock {

  /** A gap longer than this (a broken timestamp, usually) is not filled frame by frame. */
  private static final int MAX_REPEAT_SECONDS = 10;

  private final double ticksToSlots;
  private final long startPts;
  private final int maxRepeat;
  private long next;

  /**
   * @param timeBaseNum source stream time base numerator
   * @param timeBaseDen source stream time base denominator
   * @param startPts    source timestamp of output time 0, in the stream's time base
   * @param fpsNum      output frame rate numerator
   * @param fpsDen      output frame rate denominator
   */
  FrameClock(int timeBaseNum, int timeBaseDen, long startPts, int fpsNum, int fpsDen) {
    this.ticksToSlots = (double) timeBaseNum * fpsNum / ((double) timeBaseDen * fpsDen);
    this.startPts = startPts;
    this.maxRepeat = (int) Math.ceil((double) fpsNum / fpsDen * MAX_REPEAT_SECONDS);
  }

  /**
   * How many output slots a frame with this timestamp fills (0: drop it); the first of them is
   * {@link #next()}, and the clock moves past all of them.
   */
  int slots(long pts) {
    int count = 1;
    if (pts != AV_NOPTS_VALUE) {
      double delta = (pts - startPts) * ticksToSlots - next;
      if (delta < -1.1) {
        count = 0;
      } else if (delta > 1.1) {
        count = (int) Math.min(maxRepeat, Math.round(delta) + 1);
      }
    }
    return count;
  }

  /** The output frame number of the next slot. */
  long next() {
    return next;
  }

  void advance(int count) {
    next += count;
  }
}
