package io.reelay.live.hls;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.reelay.media.fmp4.TestConfigs;
import java.util.ArrayList;
import java.util.List;

/** A listener that keeps everything a segmenter produced, and synthetic sources to feed one. */
public final class Recorded implements SegmenterListener {

  static final VideoTrack VIDEO = new VideoTrack(TestConfigs.avcc(640, 360));
  static final AudioTrack AUDIO = new AudioTrack(TestConfigs.AAC_LC_48K_STEREO);
  /** One AAC frame at 48 kHz in 90 kHz ticks. */
  static final long AAC_FRAME = 1920;

  public final List<InitSegment> inits = new ArrayList<>();
  final List<SegmentStart> starts = new ArrayList<>();
  final List<Part> parts = new ArrayList<>();
  public final List<Segment> segments = new ArrayList<>();
  boolean ended;

  @Override
  public void init(InitSegment init) {
    inits.add(init);
  }

  @Override
  public void segmentStarted(SegmentStart start) {
    starts.add(start);
  }

  @Override
  public void part(Part part) {
    parts.add(part);
  }

  @Override
  public void segment(Segment segment) {
    segments.add(segment);
  }

  @Override
  public void ended() {
    ended = true;
  }

  public List<Double> durations() {
    return segments.stream().map(Segment::seconds).toList();
  }

  /**
   * Feeds {@code seconds} of a source from time {@code from} (90 kHz): video at {@code fps} with a keyframe every
   * {@code gop} frames (no video if fps is 0), AAC audio at 48 kHz if {@code audio}, interleaved by time.
   */
  static void feed(LiveSegmenter s, long from, double seconds, double fps, int gop, boolean audio) {
    long end = from + (long) (seconds * 90_000);
    long frame = 0;
    long aac = 0;
    while (true) {
      long v = fps > 0 ? from + Math.round(frame * 90_000 / fps) : Long.MAX_VALUE;
      long a = audio ? from + aac * AAC_FRAME : Long.MAX_VALUE;
      if (Math.min(v, a) >= end) {
        return;
      }
      if (v <= a) {
        s.unit(new AccessUnit(MediaKind.VIDEO, v, v, frame % gop == 0, new byte[] {0, 0, 0, 1, (byte) frame}));
        frame++;
      } else {
        s.unit(new AccessUnit(MediaKind.AUDIO, a, a, true, new byte[] {0x21, (byte) aac}));
        aac++;
      }
    }
  }
}
