package io.reelay.media;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The poster: the first frame at or after 10% of the duration — past black openings and title fades, still
 * early enough to show what the video is — at the top rendition's size with the long side at most 1280.
 */
final class Poster implements AutoCloseable {

  static final String FILE = "poster.jpg";
  static final int MAX_LONG_SIDE = 1280;

  private final Path file;
  private final double atSeconds;
  private final FrameImages images;
  private boolean written;
  private boolean atPosterTime;

  Poster(Path file, int topWidth, int topHeight, long durationMs) throws TranscodeException {
    this.file = file;
    this.atSeconds = durationMs / 1000.0 * 0.1;
    double scale = Math.min(1, (double) MAX_LONG_SIDE / Math.max(topWidth, topHeight));
    this.images = new FrameImages(even(topWidth * scale), even(topHeight * scale));
  }

  /**
   * Offers an output frame shown at {@code seconds}. The first frame is written at once, so that a source
   * shorter than its stated duration still gets a poster; the first one at or after the poster time replaces it.
   */
  void offer(AVFrame frame, double seconds) throws TranscodeException {
    if (!written || (!atPosterTime && seconds >= atSeconds)) {
      FrameImages.writeJpeg(images.image(frame), file);
      written = true;
      atPosterTime = seconds >= atSeconds;
    }
  }

  boolean written() {
    return written;
  }

  private static int even(double v) {
    return Math.max(2, 2 * (int) Math.round(v / 2));
  }

  @Override
  public void close() {
    images.close();
  }
}
