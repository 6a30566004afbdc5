package io.reelay.media;

/**
 * How the transcoder encodes.
 *
 * @param threads                   libx264 threads per rendition; 0 lets x264 choose (1.5 per core)
 * @param segmentSeconds            target HLS segment length; a multiple of {@code keyframeSeconds}
 * @param keyframeSeconds           distance between keyframes, the same in every rendition so a player
 *                                  can switch rendition at every segment
 * @param storyboardIntervalSeconds seconds between storyboard tiles; 0 picks one from the duration
 *                                  (see {@link #storyboardInterval(long)})
 */
public record TranscodeSettings(int threads, int segmentSeconds, int keyframeSeconds,
    int storyboardIntervalSeconds) {

  public TranscodeSettings {
    if (threads < 0 || keyframeSeconds < 1 || segmentSeconds < keyframeSeconds
        || segmentSeconds % keyframeSeconds != 0 || storyboardIntervalSeconds < 0) {
      throw new IllegalArgumentException("invalid transcode settings: threads=" + threads + " segment="
          + segmentSeconds + "s keyframe=" + keyframeSeconds + "s storyboard=" + storyboardIntervalSeconds + "s");
    }
  }

  /** 4 s segments, a keyframe every 2 s (PeerTube's and Apple's advice), x264 picks its threads. */
  public static TranscodeSettings defaults() {
    return new TranscodeSettings(0, 4, 2, 0);
  }

  /**
   * The storyboard interval for a video: the configured one, else about 100 tiles (one 10x10 sheet)
   * for the whole video, but never closer than 2 s (the keyframe interval: finer adds nothing when
   * seeking) nor further apart than 10 s. So 60 s gets a tile every 2 s, 10 min every 6 s, 1 h every 10 s.
   */
  public int storyboardInterval(long durationMs) {
    if (storyboardIntervalSeconds > 0) {
      return storyboardIntervalSeconds;
    }
    long perHundred = (durationMs + 99_999) / 100_000;
    return (int) Math.max(2, Math.min(10, perHundred));
  }
}
