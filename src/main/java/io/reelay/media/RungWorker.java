package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * One rendition's thread: takes decoded frames (references to the decoder's buffers, not copies) and encoded
 * audio packets from a small bounded queue, scales the frames to its size, encodes them and muxes everything
 * into its HLS output. The rendition's scaler, encoder and muxer are used by this thread only; the caller
 * creates and closes the encoder and muxer, before {@link #start()} and after {@link #join()}.
 *
 * <p>Why a thread per rendition: the decoding thread then only decodes, and scaling (single-threaded in
 * libswscale) runs for all renditions at once instead of one after the other. The queue bounds memory: the
 * decoder waits for the slowest rendition.
 */
final class RungWorker {

  /**
   * Items in flight per rendition. x264 keeps its own lookahead, so a few suffice to ride out uneven frame
   * times (2, 4 and 8 measured the same speed and peak RSS on the 60 s 1080p bench).
   */
  static final int QUEUE_CAPACITY = 4;

  private static final Object END = new Object();

  private final String name;
  private final VideoEncoder video;
  private final HlsWriter out;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread thread;
  private volatile Throwable failure;

  /** @param video null for an audio-only rendition */
  RungWorker(String name, VideoEncoder video, HlsWriter out) {
    this.name = name;
    this.video = video;
    this.out = out;
    this.thread = new Thread(this::run, "transcode-" + name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Hands over a frame reference (pts in output frames); the worker frees it. */
  void video(AVFrame frame) throws TranscodeException, InterruptedException {
    put(frame);
  }

  /** Hands over an audio packet reference; the worker frees it. */
  void audio(AVPacket packet) throws TranscodeException, InterruptedException {
    put(packet);
  }

  /** No more input: the worker drains its encoder, finishes its output and ends. */
  void end() throws TranscodeException, InterruptedException {
    put(END);
  }

  /** Waits for the worker to end; rethrows its failure. */
  void join() throws TranscodeException, InterruptedException {
    thread.join();
    throwIfFailed();
  }

  /** Stops the worker at once (on failure or interruption elsewhere) and frees what it had queued. */
  void cancel() {
    thread.interrupt();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true; // we still have to wait: the worker may be inside native code using our objects
      }
    }
    drain();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Queues an item, or frees it and throws. */
  private void put(Object item) throws TranscodeException, InterruptedException {
    boolean queued = false;
    try {
      // Polls so that a worker that failed (and stopped taking) does not block the decoder forever.
      while (!(queued = queue.offer(item, 100, TimeUnit.MILLISECONDS))) {
        throwIfFailed();
        if (!thread.isAlive()) {
          throw new TranscodeException("the " + name + " encoder stopped");
        }
      }
    } finally {
      if (!queued) {
        free(item);
      }
    }
  }

  private void throwIfFailed() throws TranscodeException {
    Throwable f = failure;
    if (f instanceof TranscodeException e) {
      throw new TranscodeException(e.getMessage(), e);
    } else if (f != null) {
      throw new TranscodeException("encoding " + name + " failed", f);
    }
  }

  private void run() {
    try (Scaler scaler = video == null ? null
        : new Scaler(video.context().width(), video.context().height(), AV_PIX_FMT_YUV420P, SWS_BICUBIC)) {
      PacketSink videoSink = out::writeVideo;
      while (true) {
        Object item = queue.take();
        if (item == END) {
          if (video != null) {
            video.encode(null, videoSink);
          }
          out.finish();
          return;
        }
        if (item instanceof AVFrame frame) {
          try {
            video.encode(needsScaling(frame) ? scaler.scale(frame) : frame, videoSink);
          } finally {
            av_frame_free(frame);
          }
        } else {
          AVPacket packet = (AVPacket) item;
          try {
            out.writeAudio(packet);
          } finally {
            av_packet_free(packet);
          }
        }
      }
    } catch (InterruptedException e) {
      failure = e;
    } catch (Throwable e) {
      failure = e;
    } finally {
      drain();
    }
  }

  /** A decoded frame already at the rung's size in yuv420p goes to x264 as it is: no copy. */
  private boolean needsScaling(AVFrame frame) {
    return frame.format() != AV_PIX_FMT_YUV420P || frame.width() != video.context().width()
        || frame.height() != video.context().height();
  }

  private void drain() {
    Object item;
    while ((item = queue.poll()) != null) {
      free(item);
    }
  }

  private static void free(Object item) {
    if (item instanceof AVFrame frame) {
      av_frame_free(frame);
    } else if (item instanceof AVPacket packet) {
      av_packet_free(packet);
    }
  }
}
