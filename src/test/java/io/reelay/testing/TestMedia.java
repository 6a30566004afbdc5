package io.reelay.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P10LE;
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
 * gradient and a moving box so that every frame differs, a white square in the top-left corner and a grey one
 * ({@link #GREY}) in the top-right corner, so that orientation and levels can be checked; audio is a 440 Hz
 * AAC sine tone, stereo, {@link #SAMPLE_RATE} Hz. {@link #clip} makes the unusual sources (rotated, anamorphic,
 * interlaced, HDR).
 */
public final class TestMedia {

  public static final int FPS = 25;
  public static final int SAMPLE_RATE = 48_000;
  /**
   * The grey level (of 255) of the top-right square: an SDR grey, and as HDR (PQ) about 350 nits, a highlight
   * between SDR white (100 nits) and a typical HDR peak (1,000).
   */
  public static final int GREY = 160;
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
    return clip(width, height, seconds).audio(withAudio).write(dir);
  }

  /** An MP4 with its index first ("faststart"), as made for progressive download on the web. */
  public static Path fastStartVideo(Path dir, int seconds, int width, int height, boolean withAudio) {
    return clip(width, height, seconds).audio(withAudio).fastStart().write(dir);
  }

  /** An MP4 of {@code width x height} stored pixels, video only unless asked: set its options, then write it. */
  public static Clip clip(int width, int height, int seconds) {
    return new Clip(width, height, seconds);
  }

  /** A video clip to encode; each option is what some real source does. */
  public static final class Clip {
    private final int width;
    private final int height;
    private final int seconds;
    private boolean audio;
    private boolean fastStart;
    private int rotation;
    private int sarNum = 1;
    private int sarDen = 1;
    private boolean interlaced;
    private boolean hdr;
    private int gop = FPS;
    private int bFrames = -1;
    private boolean mpegTs;

    private Clip(int width, int height, int seconds) {
      this.width = width;
      this.height = height;
      this.seconds = seconds;
    }

    public Clip audio(boolean withAudio) {
      this.audio = withAudio;
      return this;
    }

    /** The index first ("faststart"). */
    public Clip fastStart() {
      this.fastStart = true;
      return this;
    }

    /** A display matrix saying "turn clockwise by this much to show": what phones write. */
    public Clip rotation(int clockwiseDegrees) {
      this.rotation = clockwiseDegrees;
      return this;
    }

    /** Non-square pixels (anamorphic): e.g. 16:15 for 4:3 PAL, 4:3 for HDV's 1440x1080. */
    public Clip pixelAspect(int num, int den) {
      this.sarNum = num;
      this.sarDen = den;
      return this;
    }

    /**
     * Interlaced as a TV camera makes it: H.264 coded as fields (MBAFF, top field first), the bottom field's rows
     * drawn half a frame later than the top field's, so anything moving is combed.
     */
    public Clip interlaced() {
      this.interlaced = true;
      return this;
    }

    /** HDR10-style: 10-bit, tagged BT.2020 primaries and matrix with the PQ (SMPTE 2084) transfer. */
    public Clip hdrPq() {
      this.hdr = true;
      return this;
    }

    /** A keyframe every {@code frames} frames instead of every second (live sources often use 2 to 4 s). */
    public Clip keyframeEvery(int frames) {
      this.gop = frames;
      return this;
    }

    /** Up to {@code n} B-frames in a row, so decode and presentation order differ (ultrafast has none). */
    public Clip bFrames(int n) {
      this.bFrames = n;
      return this;
    }

    /** An MPEG transport stream instead of an MP4, as an SRT publisher sends (SPS/PPS repeated at keyframes). */
    public Clip mpegTs() {
      this.mpegTs = true;
      return this;
    }

    public Path write(Path dir) {
      return encodeVideo(dir, this);
    }
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

  private static Path encodeVideo(Path dir, Clip clip) {
    int width = clip.width;
    int height = clip.height;
    Path file = newFile(dir, "video-" + width + "x" + height + "-" + clip.seconds + "s-", clip.mpegTs ? ".ts" : ".mp4");
    try (FFmpegFrameRecorder recorder =
        new FFmpegFrameRecorder(file.toFile(), width, height, clip.audio ? CHANNELS : 0)) {
      recorder.setFormat(clip.mpegTs ? "mpegts" : "mp4");
      recorder.setVideoCodecName("libx264");
      recorder.setPixelFormat(clip.hdr ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(FPS);
      recorder.setGopSize(clip.gop); // by default a keyframe every second, so segmenters can cut on any second
      if (clip.bFrames >= 0) {
        recorder.setMaxBFrames(clip.bFrames);
        recorder.setVideoOption("sc_threshold", "0"); // keyframes only where the GOP says, even with B-frames
      }
      recorder.setVideoOption("preset", "ultrafast"); // test media must be quick to make
      recorder.setVideoOption("crf", "23");
      if (clip.fastStart) {
        recorder.setOption("movflags", "+faststart");
      }
      if (clip.rotation != 0) {
        recorder.setDisplayRotation(-clip.rotation); // JavaCV's angle is counter-clockwise, as FFmpeg reports it
      }
      if (clip.sarNum != clip.sarDen) {
        recorder.setAspectRatio((double) clip.sarNum / clip.sarDen);
      }
      if (clip.interlaced) {
        recorder.setVideoOption("x264-params", "interlaced=1:tff=1");
      }
      if (clip.hdr) {
        recorder.setVideoOption("profile", "high10");
        recorder.setVideoOption("color_primaries", "bt2020");
        recorder.setVideoOption("color_trc", "smpte2084");
        recorder.setVideoOption("colorspace", "bt2020nc");
      }
      if (clip.audio) {
        configureAudio(recorder);
      }
      recorder.start();
      Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      byte[] pixels = new byte[frame.imageStride * height];
      Tone tone = new Tone();
      for (int n = 0; n < clip.seconds * FPS; n++) {
        draw(pixels, frame.imageStride, width, height, n, clip.interlaced ? 0.5 : 0);
        ((ByteBuffer) frame.image[0]).clear().put(pixels).clear();
        recorder.record(frame);
        if (clip.audio) {
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

  /**
   * Frame n, BGR: a gradient scrolling diagonally, a white box crossing the picture, and the corner squares. Odd
   * rows show the picture {@code oddRowDelay} frames later (an interlaced camera's bottom field).
   */
  private static void draw(byte[] pixels, int stride, int width, int height, int n, double oddRowDelay) {
    int box = Math.max(8, height / 6);
    int boxY = (height - box) / 2;
    int corner = Math.max(4, Math.min(width, height) / 5);
    for (int y = 0; y < height; y++) {
      double t = n + (y % 2 == 1 ? oddRowDelay : 0);
      int shift = (int) Math.round(t);
      int boxX = (int) Math.round(t * 7) % Math.max(1, width - box);
      int row = y * stride;
      boolean boxRow = y >= boxY && y < boxY + box;
      for (int x = 0; x < width; x++) {
        int i = row + x * 3;
        if (y < corner && (x < corner || x >= width - corner)) {
          pixels[i] = pixels[i + 1] = pixels[i + 2] = (byte) (x < corner ? 255 : GREY);
        } else if (boxRow && x >= boxX && x < boxX + box) {
          pixels[i] = pixels[i + 1] = pixels[i + 2] = (byte) 255;
        } else {
          pixels[i] = (byte) (x + 3 * shift);
          pixels[i + 1] = (byte) (y + 2 * shift);
          pixels[i + 2] = (byte) ((x + y) / 2 - 5 * shift);
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
