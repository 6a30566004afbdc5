package io.reelay.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * The decode thread's picture step: runs every decoded frame through the {@link PictureFilters} its source
 * needs, or hands it on untouched when it needs none (the ordinary case costs a flag test per frame). The
 * filter graph is built at the first frame (it needs the frames' exact format), and again when the frames
 * change size or format mid-stream, or when a frame flagged as interlaced turns deinterlacing on in a stream
 * whose headers did not say so.
 */
final class PictureChain implements AutoCloseable {

  /** AV_FRAME_FLAG_INTERLACED (1 << 3), a macro the Java bindings do not carry. */
  static final int FRAME_FLAG_INTERLACED = 1 << 3;

  private final SourcePicture source;
  private final int width;
  private final int height;
  private final AVRational timeBase;
  private boolean deinterlace;
  private String description;
  private FilterGraph graph;

  /**
   * @param width    the top rendition's width: HDR pictures are tone-mapped at that size
   * @param height   the top rendition's height
   * @param timeBase the time base of the frames' timestamps
   */
  PictureChain(SourcePicture source, int width, int height, AVRational timeBase) {
    this.source = source;
    this.width = width;
    this.height = height;
    this.timeBase = timeBase;
    this.deinterlace = source.interlaced();
    this.description = PictureFilters.describe(source, deinterlace, width, height);
  }

  /** The chain in use now ("" for none). */
  String description() {
    return description;
  }

  /** Hands on a decoded frame, filtered as needed; the caller keeps its own reference. */
  void push(AVFrame frame, FilterGraph.Output output) throws TranscodeException, InterruptedException {
    if (!deinterlace && (frame.flags() & FRAME_FLAG_INTERLACED) != 0) {
      deinterlace = true;
      description = PictureFilters.describe(source, true, width, height);
    }
    if (description.isEmpty()) {
      output.accept(frame);
      return;
    }
    if (graph == null || !graph.accepts(frame) || !graph.description().equals(description)) {
      flush(output);
      graph = new FilterGraph(description, frame, timeBase);
    }
    graph.push(frame, output);
  }

  /** No more frames: hands on the ones the filters still hold. */
  void flush(FilterGraph.Output output) throws TranscodeException, InterruptedException {
    FilterGraph done = graph;
    graph = null;
    if (done != null) {
      try {
        done.flush(output);
      } finally {
        done.close();
      }
    }
  }

  @Override
  public void close() {
    if (graph != null) {
      graph.close();
      graph = null;
    }
  }
}
