package io.reelay.live.hls;

import io.reelay.media.fmp4.AacConfig;
import io.reelay.media.fmp4.SampleQueue;

/**
 * One track inside the segmenter: the last unit, held until the next one gives its duration, and the units with
 * known durations waiting for the next fragment. Times are in the track's timescale (90 kHz for video, the
 * sample rate for audio).
 */
final class TrackState {
  private static final long VIDEO_NOMINAL = 3600; // 40 ms, until a real frame duration is seen

  final SampleQueue queue;
  final int timescale;
  final boolean video;
  /** Video: a keyframe was seen, so units can be placed (a segment never starts mid-GOP). */
  boolean started;
  boolean holding;
  private long heldTime;
  private int heldCto;
  private boolean heldSync;
  private byte[] heldData;
  private long lastDuration;
  private long prevAudioTime = Long.MIN_VALUE;

  TrackState(int trackId, int timescale, boolean video) {
    this.queue = new SampleQueue(trackId, video);
    this.timescale = timescale;
    this.video = video;
  }

  /**
   * The track time of a repaired 90 kHz DTS. Audio follows the AAC frame clock: each frame lasts exactly 1024
   * samples while the source timestamps agree within half a frame (RTMP's millisecond rounding would otherwise
   * give every frame a different duration), and snaps back to the timestamps when they drift further.
   */
  long time(long ticks) {
    if (video) {
      return ticks;
    }
    long real = toTimescale(ticks);
    long t;
    if (prevAudioTime == Long.MIN_VALUE) {
      t = real;
    } else {
      long expected = prevAudioTime + AacConfig.FRAME_SAMPLES;
      t = Math.abs(real - expected) <= AacConfig.FRAME_SAMPLES / 2 ? expected : Math.max(real, prevAudioTime + 1);
    }
    prevAudioTime = t;
    return t;
  }

  long toTimescale(long ticks) {
    return video ? ticks : Math.floorDiv(ticks * timescale, 90_000L);
  }

  long ticks(long time) {
    return video ? time : Math.floorDiv(time * 90_000L, timescale);
  }

  void hold(long time, int cto, boolean sync, byte[] data) {
    holding = true;
    heldTime = time;
    heldCto = cto;
    heldSync = sync;
    heldData = data;
  }

  /** The held unit is complete: the next one starts at {@code nextTime}. */
  void release(long nextTime) {
    long duration = Math.max(1, nextTime - heldTime);
    queue.add(heldTime, (int) Math.min(duration, Integer.MAX_VALUE), heldCto, heldSync, heldData);
    lastDuration = duration;
    holding = false;
    heldData = null;
  }

  /** The held unit is the last one: it lasts as long as the one before (a video frame) or one AAC frame. */
  void releaseNominal() {
    release(heldTime + nominalDuration());
  }

  /** Duration of the last unit, or a typical one before any is known. */
  long nominalDuration() {
    if (!video) {
      return AacConfig.FRAME_SAMPLES;
    }
    return lastDuration > 0 ? lastDuration : VIDEO_NOMINAL;
  }
}
