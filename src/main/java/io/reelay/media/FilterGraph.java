package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avfilter.AV_BUFFERSRC_FLAG_KEEP_REF;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_time_base;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersrc_add_frame_flags;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_get_by_name;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_config;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_create_filter;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_free;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_parse_ptr;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_inout_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_inout_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strdup;

import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avfilter.AVFilterInOut;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * A libavfilter chain for video frames of one size and pixel format: frames in, filtered frames out, their
 * timestamps in the time base they came in with. A filter may hold frames back (a deinterlacer needs the next
 * one), so frames come out of {@link #push} and {@link #flush} through a callback. Not thread-safe; owns its
 * native objects until {@link #close()}.
 */
final class FilterGraph implements AutoCloseable {

  /** Receives a filtered frame, valid only during the call (take a reference to keep it). */
  interface Output {
    void accept(AVFrame frame) throws TranscodeException, InterruptedException;
  }

  private final String description;
  private final int width;
  private final int height;
  private final int format;
  private final AVFilterGraph graph;
  private final AVFilterContext source = new AVFilterContext();
  private final AVFilterContext sink = new AVFilterContext();
  private final AVFrame filtered;
  private final AVRational timeBase = new AVRational();
  private AVRational sinkTimeBase;

  /**
   * @param description a filter chain in FFmpeg's syntax, e.g. {@code transpose=clock}
   * @param first       the first frame to come: the graph is built for its size, format, pixel shape and colours
   * @param timeBase    the frames' time base (timestamps pass through the filters)
   */
  FilterGraph(String description, AVFrame first, AVRational timeBase) throws TranscodeException {
    this.description = description;
    this.width = first.width();
    this.height = first.height();
    this.format = first.format();
    this.timeBase.num(timeBase.num()).den(timeBase.den());
    graph = avfilter_graph_alloc();
    filtered = av_frame_alloc();
    if (graph == null || graph.isNull() || filtered == null || filtered.isNull()) {
      close();
      throw new TranscodeException("out of memory");
    }
    try {
      build(first);
    } catch (TranscodeException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void build(AVFrame first) throws TranscodeException {
    AVRational sar = first.sample_aspect_ratio();
    String args = String.format("video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=%d/%d:colorspace=%d:range=%d",
        width, height, format, timeBase.num(), timeBase.den(), Math.max(0, sar.num()), Math.max(1, sar.den()),
        first.colorspace(), first.color_range());
    Av.check(avfilter_graph_create_filter(source, avfilter_get_by_name("buffer"), "in", args, null, graph),
        "could not set up the picture filters");
    Av.check(avfilter_graph_create_filter(sink, avfilter_get_by_name("buffersink"), "out", (String) null, null,
        graph), "could not set up the picture filters");
    // The chain's open ends: its first filter reads the source's output, its last feeds the sink's input.
    AVFilterInOut sourceOutput = avfilter_inout_alloc();
    AVFilterInOut sinkInput = avfilter_inout_alloc();
    try {
      sourceOutput.name(av_strdup(new BytePointer("in"))).filter_ctx(source).pad_idx(0).next(null);
      sinkInput.name(av_strdup(new BytePointer("out"))).filter_ctx(sink).pad_idx(0).next(null);
      Av.check(avfilter_graph_parse_ptr(graph, description, sinkInput, sourceOutput, null),
          "could not set up the picture filters (" + description + ")");
      Av.check(avfilter_graph_config(graph, null), "could not set up the picture filters (" + description + ")");
      sinkTimeBase = av_buffersink_get_time_base(sink);
    } finally {
      avfilter_inout_free(sourceOutput); // what parsing left unconnected (nothing, when it succeeded)
      avfilter_inout_free(sinkInput);
    }
  }

  String description() {
    return description;
  }

  /** Whether a frame fits the graph as built; a change of size or format mid-stream needs a new graph. */
  boolean accepts(AVFrame frame) {
    return frame.width() == width && frame.height() == height && frame.format() == format;
  }

  /** Filters a frame (the caller keeps its own reference) and hands on whatever comes out. */
  void push(AVFrame frame, Output output) throws TranscodeException, InterruptedException {
    Av.check(av_buffersrc_add_frame_flags(source, frame, AV_BUFFERSRC_FLAG_KEEP_REF), "picture filters failed");
    drain(output);
  }

  /** No more frames: hands on the ones the filters still hold. */
  void flush(Output output) throws TranscodeException, InterruptedException {
    Av.check(av_buffersrc_add_frame_flags(source, null, 0), "picture filters failed");
    drain(output);
  }

  private void drain(Output output) throws TranscodeException, InterruptedException {
    while (true) {
      int ret = av_buffersink_get_frame(sink, filtered);
      if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
        return;
      }
      Av.check(ret, "picture filters failed");
      try {
        // Deinterlacers halve the time base (to have room for field-rate output): back to the caller's.
        if (filtered.pts() != AV_NOPTS_VALUE) {
          filtered.pts(av_rescale_q(filtered.pts(), sinkTimeBase, timeBase));
        }
        output.accept(filtered);
      } finally {
        av_frame_unref(filtered);
      }
    }
  }

  @Override
  public void close() {
    if (graph != null && !graph.isNull()) {
      avfilter_graph_free(graph); // frees the filters, source and sink included
    }
    if (filtered != null && !filtered.isNull()) {
      av_frame_free(filtered);
    }
  }
}
