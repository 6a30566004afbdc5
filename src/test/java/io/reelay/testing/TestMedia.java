package io.reelay.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Synthetic media for tests, encoded on the spot with FFmpeg through JavaCV (nothing large is committed).
 * Every method writes a new uniquely named file into {@code dir} and returns it; errors are unchecked so
 * calls fit anywhere in a test.
 *
 * <p>Video is H.264 (libx264, yuv420p) at {@link #FPS} fps with a keyframe every second, showing a moving
 * gradient and a moving box so that every frame differs; audio is a 440 Hz AAC sine tone, stereo,
 * {@link #SAMPLE_RATE} Hz.
 */
public final class TestMedia {

  public static final int FPS = 25;
  public static final int SAMPLE_RATE = 48_000;
  private static final int CHANNELS = 2;

  static {
    // libx264 and the muxer print a report per file; errors still reach the caller as exceptions. Only
    // ever lowered, so this never undoes MediaProbe's quieter level.
    if (av_log_get_level() > AV_LOG_ERROR) {
      av_log_set_level(AV_LOG_ERROR);
    }
  }

  private TestMedia() {
  }

  /** An MP4 as most encoders write it: the index (moov atom) after the media data. */
  public static Path video(Path dir, int seconds, int width, int height, boolean withAudio) {
    return encodeVideo(dir, seconds, width, height, withAudio, false);
  }

  /** An MP4 with its index first ("faststart"), as made for progressive download on the web. */
  public static Path fastStartVideo(Path dir, int seconds, int width, int height, boolean withAudio) {
    return encodeVideo(dir, seconds, width, height, withAudio, true);
  }

  /** An M4A file: AAC audio only. */
  public static Path audioOnly(Path dir, int seconds) {
    Path file = newFile(dir, "audio-" + seconds + "s-", ".m4a");
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), CHANNELS)) {
      recorder.setFormat("mp4");
      configureAudio(recorder);
      recorder.start();
      Tone tone = new Tone();
      for (int i = 0; i < seconds * FPS; i++) { // in 40 ms chunks, like the video variant
        recorder.recordSamples(SAMPLE_RATE, CHANNELS, tone.next(SAMPLE_RATE / FPS));
      }
      recorder.stop();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode " + file, e);
    }
  }

  /** {@code bytes} pseudo-random bytes, the same for the same size (fixed seed). */
  public static Path garbage(Path dir, int bytes) {
    Path file = newFile(dir, "garbage-" + bytes + "-", ".bin");
    byte[] data = new byte[bytes];
    new Random(0x5EED).nextBytes(data);
    try {
      return Files.write(file, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path encodeVideo(Path dir, int seconds, int width, int height, boolean withAudio,
      boolean fastStart) {
    Path file = newFile(dir, "video-" + width + "x" + height + "-" + seconds + "s-", ".mp4");
    try (FFmpegFrameRecorder recorder =
        new FFmpegFrameRecorder(file.toFile(), width, height, withAudio ? CHANNELS : 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodecName("libx264");
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(FPS);
      recorder.setGopSize(FPS); // a keyframe every second, so segmenters can cut anywhere on the second
      recorder.setVideoOption("preset", "ultrafast"); // test media must be quick to make
      recorder.setVideoOption("crf", "23");
      if (fastStart) {
        recorder.setOption("movflags", "+faststart");
      }
      if (withAudio) {
        configureAudio(recorder);
      }
      recorder.start();
      Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      byte[] pixels = new byte[frame.imageStride * height];
      Tone tone = new Tone();
      for (int n = 0; n < seconds * FPS; n++) {
        draw(pixels, frame.imageStride, width, height, n);
        ((ByteBuffer) frame.image[0]).clear().put(pixels).clear();
        recorder.record(frame);
        if (withAudio) {
          recorder.recordSamples(SAMPLE_RATE, CHANNELS, tone.next(SAMPLE_RATE / FPS));
        }
      }
      recorder.stop();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode " + file, e);
    }
  }

  private static void configureAudio(FFmpegFrameRecorder recorder) {
    recorder.setAudioCodec(AV_CODEC_ID_AAC);
    recorder.setSampleRate(SAMPLE_RATE);
    recorder.setAudioChannels(CHANNELS);
    recorder.setAudioBitrate(128_000);
  }

  /** Frame n, BGR: a gradient scrolling diagonally and a white box crossing the picture. */
  private static void draw(byte[] pixels, int stride, int width, int height, int n) {
    int box = Math.max(8, height / 6);
    int boxX = (n * 7) % Math.max(1, width - box);
    int boxY = (height - box) / 2;
    for (int y = 0; y < height; y++) {
      int row = y * stride;
      boolean boxRow = y >= boxY && y < boxY + box;
      for (int x = 0; x < width; x++) {
        int i = row + x * 3;
        if (boxRow && x >= boxX && x < boxX + box) {
          pixels[i] = pixels[i + 1] = pixels[i + 2] = (byte) 255;
        } else {
          pixels[i] = (byte) (x + 3 * n);
          pixels[i + 1] = (byte) (y + 2 * n);
          pixels[i + 2] = (byte) ((x + y) / 2 - 5 * n);
        }
      }
    }
  }

  private static Path newFile(Path dir, String prefix, String suffix) {
    try {
      Files.createDirectories(dir);
      return Files.createTempFile(dir, prefix, suffix); // unique even when tests run in parallel
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A continuous 440 Hz sine, handed out in chunks of interleaved 16-bit stereo samples. */
  private static final class Tone {
    private long sample;

    ShortBuffer next(int samples) {
      ShortBuffer buf = ShortBuffer.allocate(samples * CHANNELS);
      for (int i = 0; i < samples; i++, sample++) {
        short v = (short) (Math.sin(2 * Math.PI * 440 * sample / SAMPLE_RATE) * 0.3 * Short.MAX_VALUE);
        for (int c = 0; c < CHANNELS; c++) {
          buf.put(v);
        }
      }
      return buf.flip();
    }
  }
}
