package io.reelay.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The seek-bar preview: a tile every {@code interval} seconds, laid out 10x10 on JPEG sprite sheets
 * ({@code sprite-000.jpg}, ...), and a WebVTT file mapping each interval to its tile with a media fragment
 * ({@code sprite-000.jpg#xywh=160,0,160,90}), the format video.js, Vidstack, Plyr and JW Player read.
 * Tiles fit in 160x90 (90x160 for portrait video), aspect preserved. Memory: one sheet at a time.
 */
final class Storyboard implements AutoCloseable {

  static final String VTT = "storyboard.vtt";
  static final int COLUMNS = 10;
  static final int ROWS = 10;
  static final int TILE_LONG = 160;
  static final int TILE_SHORT = 90;

  private final Path dir;
  private final int interval;
  private final FrameImages images;
  private final StringBuilder vtt = new StringBuilder("WEBVTT\n");
  private BufferedImage sheet;
  private int tiles;
  private double lastSeconds;

  Storyboard(Path dir, int width, int height, int intervalSeconds) throws TranscodeException {
    this.dir = dir;
    this.interval = intervalSeconds;
    boolean portrait = height > width;
    int boxW = portrait ? TILE_SHORT : TILE_LONG;
    int boxH = portrait ? TILE_LONG : TILE_SHORT;
    double scale = Math.min((double) boxW / width, (double) boxH / height);
    this.images = new FrameImages(even(width * scale), even(height * scale));
  }

  /** Offers an output frame shown at {@code seconds}; takes it when a tile is due. */
  void offer(AVFrame frame, double seconds) throws TranscodeException {
    lastSeconds = seconds;
    if (seconds < (double) tiles * interval) {
      return;
    }
    int onSheet = tiles % (COLUMNS * ROWS);
    if (onSheet == 0) {
      writeSheet();
      sheet = new BufferedImage(COLUMNS * images.width(), ROWS * images.height(), BufferedImage.TYPE_3BYTE_BGR);
    }
    images.draw(frame, sheet, (onSheet % COLUMNS) * images.width(), (onSheet / COLUMNS) * images.height());
    tiles++;
  }

  /**
   * Writes the last sheet and the VTT, whose cues run to {@code durationMs} (the output's end).
   *
   * @return whether there is a storyboard (false when no frame was offered)
   */
  boolean finish(long durationMs) throws TranscodeException {
    if (tiles == 0) {
      return false;
    }
    writeSheet();
    long endMs = Math.max(durationMs, Math.round(lastSeconds * 1000));
    for (int i = 0; i < tiles; i++) {
      int onSheet = i % (COLUMNS * ROWS);
      long from = (long) i * interval * 1000;
      long to = i == tiles - 1 ? endMs : Math.min(endMs, (long) (i + 1) * interval * 1000);
      vtt.append('\n').append(time(from)).append(" --> ").append(time(Math.max(to, from + 1))).append('\n')
          .append(sheetName(i / (COLUMNS * ROWS))).append("#xywh=")
          .append((onSheet % COLUMNS) * images.width()).append(',').append((onSheet / COLUMNS) * images.height())
          .append(',').append(images.width()).append(',').append(images.height()).append('\n');
    }
    try {
      Files.writeString(dir.resolve(VTT), vtt, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TranscodeException("could not write thumbnails", e);
    }
    return true;
  }

  /** Writes the sheet being filled, cut to the rows it uses. */
  private void writeSheet() throws TranscodeException {
    if (sheet == null) {
      return;
    }
    int onSheet = (tiles - 1) % (COLUMNS * ROWS) + 1;
    int rows = (onSheet + COLUMNS - 1) / COLUMNS;
    BufferedImage used = rows == ROWS ? sheet : sheet.getSubimage(0, 0, sheet.getWidth(), rows * images.height());
    FrameImages.writeJpeg(used, dir.resolve(sheetName((tiles - 1) / (COLUMNS * ROWS))));
    sheet = null;
  }

  static String sheetName(int index) {
    return String.format("sprite-%03d.jpg", index);
  }

  /** WebVTT time: HH:MM:SS.mmm. */
  static String time(long ms) {
    return String.format("%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
  }

  private static int even(double v) {
    return Math.max(2, 2 * (int) Math.round(v / 2));
  }

  @Override
  public void close() {
    images.close();
  }
}
