package io.reelay.live.hls;

/**
 * What a {@link LiveSegmenter} produces, in order: an init segment before the first segment that needs it, then
 * for each segment its start, its parts and the finished segment; {@link #ended()} once at the end.
 * {@link LivePlaylist} is one; a recorder that writes {@link Segment}s to disk is another ({@link #both}).
 */
public interface SegmenterListener {

  // Every event is optional to listen to: a listener overrides what it needs.

  default void init(InitSegment init) {
  }

  default void segmentStarted(SegmentStart start) {
  }

  default void part(Part part) {
  }

  default void segment(Segment segment) {
  }

  /** The stream is over: no more segments. */
  default void ended() {
  }

  /**
   * The events of one input (a unit, a flush, the end...) have all been delivered: a listener that tells others
   * about changes tells them now, so nobody sees a part before the segment it completes.
   */
  default void settled() {
  }

  /** Both listeners, {@code a} first. */
  static SegmenterListener both(SegmenterListener a, SegmenterListener b) {
    return new SegmenterListener() {
      @Override
      public void init(InitSegment init) {
        a.init(init);
        b.init(init);
      }

      @Override
      public void segmentStarted(SegmentStart start) {
        a.segmentStarted(start);
        b.segmentStarted(start);
      }

      @Override
      public void part(Part part) {
        a.part(part);
        b.part(part);
      }

      @Override
      public void segment(Segment segment) {
        a.segment(segment);
        b.segment(segment);
      }

      @Override
      public void ended() {
        a.ended();
        b.ended();
      }

      @Override
      public void settled() {
        a.settled();
        b.settled();
      }
    };
  }
}
