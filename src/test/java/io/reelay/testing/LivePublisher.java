package io.reelay.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * A live publisher as OBS or an ffmpeg command line would be: FFmpeg (through JavaCV) pushing H.264 + AAC over
 * RTMP (FLV) or SRT (MPEG-TS) in real time (frames paced by the wall clock) until stopped, on a thread of its own.
 */
public final class LivePublisher implements AutoCloseable {

  public static final int FPS = 25;
  private static final int WIDTH = 320;
  private static final int HEIGHT = 240;
  private final int width;
  private final int height;
  private static final int SAMPLE_RATE = 44_100;

  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger frames = new AtomicInteger();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  private LivePublisher(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /**
   * Starts publishing to {@code url} with a keyframe every {@code gop} frames; fails (with FFmpeg's error) when
   * the server refuses the stream.
   */
  public static LivePublisher start(String url, int gop) throws Exception {
    return start(url, gop, "flv");
  }

  /** As {@link #start(String, int)}, in the container {@code format} ("flv" for RTMP, "mpegts" for SRT). */
  public static LivePublisher start(String url, int gop, String format) throws Exception {
    return start(url, gop, format, WIDTH, HEIGHT);
  }

  /** As {@link #start(String, int, String)}, with pictures of {@code width x height} (320x240 otherwise). */
  public static LivePublisher start(String url, int gop, String format, int width, int height) throws Exception {
    LivePublisher publisher = new LivePublisher(width, height);
    Thread thread = new Thread(() -> publisher.run(url, gop, format), "live-publisher");
    thread.setDaemon(true);
    thread.start();
    try {
      publisher.started.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
    return publisher;
  }

  /** Frames sent so far. */
  public int frames() {
    return frames.get();
  }

  /** Blocks until at least {@code n} frames were sent. */
  public void awaitFrames(int n) throws InterruptedException {
    while (frames.get() < n && !done.isDone()) {
      Thread.sleep(20);
    }
  }

  /** Stops cleanly (FFmpeg unpublishes and closes the connection) and waits for it. */
  @Override
  public void close() throws Exception {
    stop.set(true);
    done.get(30, TimeUnit.SECONDS);
  }

  /** True once the publisher stopped by itself: the server closed the connection or refused a write. */
  public boolean failed() {
    return done.isCompletedExceptionally();
  }

  private void run(String url, int gop, String format) {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(url, width, height, 2)) {
      recorder.setFormat(format);
      recorder.setVideoCodecName("libx264");
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(FPS);
      recorder.setGopSize(gop);
      recorder.setVideoOption("preset", "ultrafast");
      recorder.setVideoOption("tune", "zerolatency");
      recorder.setVideoOption("sc_threshold", "0");
      recorder.setAudioCodec(AV_CODEC_ID_AAC);
      recorder.setSampleRate(SAMPLE_RATE);
      recorder.setAudioChannels(2);
      recorder.setAudioBitrate(96_000);
      recorder.start();
      started.complete(null);
      Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      byte[] pixels = new byte[frame.imageStride * height];
      short[] samples = new short[SAMPLE_RATE / FPS * 2];
      long t0 = System.nanoTime();
      for (int n = 0; !stop.get(); n++) {
        long due = t0 + TimeUnit.SECONDS.toNanos(n) / FPS;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        paint(pixels, frame.imageStride, n);
        ((ByteBuffer) frame.image[0]).clear().put(pixels).clear();
        recorder.setTimestamp(TimeUnit.SECONDS.toMicros(n) / FPS);
        recorder.record(frame);
        recorder.recordSamples(SAMPLE_RATE, 2, ShortBuffer.wrap(samples));
        frames.incrementAndGet();
      }
      recorder.stop();
      done.complete(null);
    } catch (Exception e) {
      started.completeExceptionally(e);
      done.completeExceptionally(e);
    }
  }

  /** A grey picture with a white box moving across it, so every frame differs. */
  private void paint(byte[] pixels, int stride, int n) {
    java.util.Arrays.fill(pixels, (byte) 90);
    int box = height / 6;
    int x0 = (n * 6) % (width - box);
    for (int y = (height - box) / 2; y < (height + box) / 2; y++) {
      for (int x = x0; x < x0 + box; x++) {
        int i = y * stride + x * 3;
        pixels[i] = pixels[i + 1] = pixels[i + 2] = (byte) 255;
      }
    }
  }
}
