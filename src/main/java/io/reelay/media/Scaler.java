package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Scales and converts frames to one size and pixel format with libswscale, into a frame it owns and reuses.
 * Not thread-safe: one per thread.
 */
final class Scaler implements AutoCloseable {

  private final int width;
  private final int height;
  private final int pixelFormat;
  private final int flags;
  private final AVFrame out;
  private SwsContext sws;

  Scaler(int width, int height, int pixelFormat, int flags) throws TranscodeException {
    this.width = width;
    this.height = height;
    this.pixelFormat = pixelFormat;
    this.flags = flags;
    out = av_frame_alloc();
    out.width(width);
    out.height(height);
    out.format(pixelFormat);
    if (av_frame_get_buffer(out, 0) < 0) {
      av_frame_free(out);
      throw new TranscodeException("out of memory");
    }
  }

  /**
   * @return the scaled picture, valid until the next call; it may still be referenced by an encoder, so it is
   *     made writable (copied away from the encoder's reference) first
   */
  AVFrame scale(AVFrame src) throws TranscodeException {
    // Cached: the source size or format may change mid-stream, and then the context is rebuilt.
    sws = sws_getCachedContext(sws, src.width(), src.height(), src.format(), width, height, pixelFormat, flags,
        null, null, (DoublePointer) null);
    if (sws == null) {
      throw new TranscodeException("unsupported picture format");
    }
    Av.check(av_frame_make_writable(out), "out of memory");
    sws_scale(sws, src.data(), src.linesize(), 0, src.height(), out.data(), out.linesize());
    out.pts(src.pts());
    out.duration(src.duration());
    return out;
  }

  @Override
  public void close() {
    av_frame_free(out);
    if (sws != null) {
      sws_freeContext(sws);
      sws = null;
    }
  }
}
