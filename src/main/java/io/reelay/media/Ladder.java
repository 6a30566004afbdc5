package io.reelay.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Plans the renditions of a source.
 *
 * <p>Each rung is a box: 1920x1080, 1280x720, 854x480, 640x360 — turned upright for a portrait source,
 * so a phone video of 1080x1920 gets "1080p" at 1080x1920, as YouTube names it (by the short side). The
 * source is scaled to fit its box, aspect preserved, never upscaled, dimensions rounded to even numbers.
 * A rung is used when the source reaches its box in at least one dimension: a 1280x544 "scope" film gets
 * 720p at 1280x544 (its full size), 480p and 360p. A source smaller than the 360p box gets one rung at
 * its own size.
 *
 * <p>Bit rates: bits per pixel per frame of each box at 30 fps, taken from PeerTube's targets (6 Mb/s at
 * 1080p, 3 at 720p, 1.5 at 480p, 1 at 360p; smaller pictures need more bits per pixel), applied to the
 * rung's real pixel count and frame rate. Above 30 fps the extra frames cost half as much each (the
 * difference between frames shrinks), so 1080p60 gets 9 Mb/s. No rung gets more than the source's own
 * bit rate (the whole file's, audio included): re-encoding cannot add quality that isn't there.
 */
public final class Ladder {

  /** Frames per second above this are dropped (the transcoder outputs at most this rate). */
  public static final double MAX_FRAME_RATE = 60;

  private static final int[] HEIGHTS = {1080, 720, 480, 360};
  private static final long[] BITRATES_AT_30 = {6_000_000, 3_000_000, 1_500_000, 1_000_000};
  /** No rung is planned below this, however low the source's bit rate. */
  private static final long MIN_BITRATE = 64_000;

  private Ladder() {
  }

  /** Rungs for a source, highest first; empty for an audio-only source. */
  public static List<Rung> plan(MediaInfo source) {
    if (!source.hasVideo() || source.width() == null || source.height() == null) {
      return List.of();
    }
    int w = source.width();
    int h = source.height();
    boolean portrait = h > w;
    double fps = frameRate(source.frameRate());
    List<Rung> rungs = new ArrayList<>();
    for (int i = 0; i < HEIGHTS.length; i++) {
      int boxShort = HEIGHTS[i];
      int boxLong = even(boxShort * 16.0 / 9);
      if (w >= (portrait ? boxShort : boxLong) || h >= (portrait ? boxLong : boxShort)) {
        rungs.add(fitted(i, w, h, fps, source.bitRate()));
      }
    }
    if (rungs.isEmpty()) { // smaller than 360p: keep its own size, at 360p's bits per pixel
      int rw = even(w);
      int rh = even(h);
      double bitsPerPixel = BITRATES_AT_30[3] / (640 * 360 * 30.0);
      rungs.add(new Rung(Math.min(rw, rh) + "p", rw, rh, bitrate(rw, rh, fps, bitsPerPixel, source.bitRate())));
    }
    return List.copyOf(rungs);
  }

  /**
   * Rungs of a live stream's ladder, highest first: 720p, 480p and 360p, each only when its box's short side is
   * below the source's (the source itself is served as it is, so a rung at its own size would only re-encode the
   * same picture at a loss); fitted and priced as {@link #plan} does. A source of 360 lines or fewer gets none.
   */
  public static List<Rung> live(int width, int height, double frameRate) {
    List<Rung> rungs = new ArrayList<>();
    for (int i = 1; i < HEIGHTS.length; i++) {
      if (HEIGHTS[i] < Math.min(width, height)) {
        rungs.add(fitted(i, width, height, frameRate(frameRate), 0));
      }
    }
    return List.copyOf(rungs);
  }

  /** Rung {@code i} of the ladder for a w x h source: scaled to fit its box (turned upright for a portrait source). */
  private static Rung fitted(int i, int w, int h, double fps, long sourceBitRate) {
    boolean portrait = h > w;
    int boxShort = HEIGHTS[i];
    int boxLong = even(boxShort * 16.0 / 9);
    int boxW = portrait ? boxShort : boxLong;
    int boxH = portrait ? boxLong : boxShort;
    double scale = Math.min(1, Math.min((double) boxW / w, (double) boxH / h));
    int rw = even(w * scale);
    int rh = even(h * scale);
    double bitsPerPixel = BITRATES_AT_30[i] / (boxLong * (double) boxShort * 30);
    return new Rung(boxShort + "p", rw, rh, bitrate(rw, rh, fps, bitsPerPixel, sourceBitRate));
  }

  /** The output frame rate for a source rate: the same, at most {@link #MAX_FRAME_RATE}; 30 if unknown. */
  static double frameRate(Double sourceRate) {
    if (sourceRate == null || !(sourceRate > 0)) {
      return 30;
    }
    return Math.min(MAX_FRAME_RATE, sourceRate);
  }

  private static long bitrate(int w, int h, double fps, double bitsPerPixel, long sourceBitRate) {
    double effectiveFps = fps <= 30 ? fps : 30 + (fps - 30) / 2;
    long planned = Math.round(w * (double) h * effectiveFps * bitsPerPixel / 1000) * 1000;
    if (sourceBitRate > 0) {
      planned = Math.min(planned, Math.max(sourceBitRate, MIN_BITRATE));
    }
    return Math.max(planned, MIN_BITRATE);
  }

  /** The nearest even number, at least 2 (4:2:0 video needs even dimensions). */
  private static int even(double v) {
    return Math.max(2, 2 * (int) Math.round(v / 2));
  }
}
