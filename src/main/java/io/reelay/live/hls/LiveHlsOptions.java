package io.reelay.live.hls;

/**
 * How a live stream is cut and how much of it a playlist keeps.
 *
 * @param partTargetMs LL-HLS part target (PART-TARGET); parts end on a frame boundary at or before it
 * @param segmentTargetMs a segment ends at the first keyframe at or after this
 * @param forceFactor with no keyframe, a segment is cut anyway at {@code forceFactor x segmentTargetMs}
 * @param breakMs a timestamp jump forward larger than this is a break in the source: a new timeline
 * @param overlapMs a timestamp step backward larger than this is a break too; smaller ones are nudged forward
 * @param segmentsKept complete segments in the sliding window of the playlist
 */
public record LiveHlsOptions(int partTargetMs, int segmentTargetMs, int forceFactor, int breakMs, int overlapMs,
    int segmentsKept) {

  public static final LiveHlsOptions DEFAULTS = new LiveHlsOptions(200, 1000, 3, 10_000, 1000, 7);

  public LiveHlsOptions {
    if (partTargetMs < 10 || segmentTargetMs < partTargetMs || forceFactor < 1 || breakMs < 1 || overlapMs < 1
        || segmentsKept < 1) {
      throw new IllegalArgumentException("bad live HLS options: " + this);
    }
  }

  long partTargetTicks() {
    return partTargetMs * 90L;
  }

  long segmentTargetTicks() {
    return segmentTargetMs * 90L;
  }
}
