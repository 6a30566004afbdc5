package io.reelay.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVFrameSideData;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** Reads a transcoder's output back with FFmpeg (through JavaCV) and checks it, as a player would see it. */
final class HlsChecks {

  private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z-]+)=(\"[^\"]*\"|[^,]*)");

  private HlsChecks() {
  }

  /** One {@code #EXT-X-STREAM-INF} of a master playlist: its attributes (quotes removed) and URI. */
  record Variant(Map<String, String> attributes, String uri) {
    String get(String name) {
      return attributes.get(name);
    }
  }

  static List<Variant> readMaster(Path master) throws IOException {
    List<String> lines = Files.readAllLines(master);
    assertThat(lines.get(0)).isEqualTo("#EXTM3U");
    assertThat(lines).contains("#EXT-X-INDEPENDENT-SEGMENTS").anyMatch(l -> l.startsWith("#EXT-X-VERSION:"));
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("#EXT-X-STREAM-INF:")) {
        Map<String, String> attrs = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(lines.get(i).substring("#EXT-X-STREAM-INF:".length()));
        while (m.find()) {
          attrs.put(m.group(1), m.group(2).replace("\"", ""));
        }
        variants.add(new Variant(attrs, lines.get(i + 1)));
      }
    }
    return variants;
  }

  /** What decoding a whole rendition playlist gives. */
  record Decoded(int videoFrames, int width, int height, int audioFrames, double seconds) {
  }

  static Decoded decodePlaylist(Path playlist) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(playlist.toFile())) {
      grabber.setImageMode(FrameGrabber.ImageMode.RAW); // no colour conversion: we only count
      grabber.start();
      int video = 0;
      int audio = 0;
      long lastTimestamp = 0;
      Frame frame;
      while ((frame = grabber.grabFrame(true, true, true, false, false)) != null) {
        if (frame.image != null) {
          video++;
        }
        if (frame.samples != null) {
          audio++;
        }
        lastTimestamp = Math.max(lastTimestamp, frame.timestamp);
      }
      return new Decoded(video, grabber.getImageWidth(), grabber.getImageHeight(), audio, lastTimestamp / 1e6);
    }
  }

  /** One decoded picture: its luma plane (8-bit) and the flags and tags a player goes by. */
  record Picture(int width, int height, byte[] luma, int pixelFormat, boolean interlaced, int primaries,
      int transfer, int matrix, int sarNum, int sarDen, boolean displayMatrix) {

    /** The mean luma of a rectangle, x and y from the top-left corner, ends exclusive. */
    double meanLuma(int x0, int y0, int x1, int y1) {
      long sum = 0;
      for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
          sum += luma[y * width + x] & 0xff;
        }
      }
      return (double) sum / ((long) (x1 - x0) * (y1 - y0));
    }

    /**
     * Pixels of interlacing's comb: brighter or darker than both the row above and the row below by more than 40
     * levels, which a moving edge gives when its two fields were taken at different times.
     */
    int combedPixels() {
      int combed = 0;
      for (int y = 1; y < height - 1; y++) {
        for (int x = 0; x < width; x++) {
          int up = (luma[(y - 1) * width + x] & 0xff) - (luma[y * width + x] & 0xff);
          int down = (luma[(y + 1) * width + x] & 0xff) - (luma[y * width + x] & 0xff);
          if (Math.abs(up) > 40 && Math.abs(down) > 40 && Integer.signum(up) == Integer.signum(down)) {
            combed++;
          }
        }
      }
      return combed;
    }
  }

  /** Decodes up to {@code max} pictures of a file or playlist of 8-bit YUV video, as a player would. */
  static List<Picture> decodePictures(Path file, int max) throws IOException {
    List<Picture> pictures = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setImageMode(FrameGrabber.ImageMode.RAW); // the decoder's own frame: plane 0 is the luma
      grabber.start();
      Frame frame;
      while (pictures.size() < max && (frame = grabber.grabImage()) != null) {
        AVFrame av = (AVFrame) frame.opaque;
        int w = av.width();
        int h = av.height();
        byte[] luma = new byte[w * h];
        BytePointer plane = av.data(0);
        for (int y = 0; y < h; y++) {
          plane.position((long) y * av.linesize(0)).get(luma, y * w, w);
        }
        AVFrameSideData matrix = avutil.av_frame_get_side_data(av, avutil.AV_FRAME_DATA_DISPLAYMATRIX);
        boolean interlaced = (av.flags() & PictureChain.FRAME_FLAG_INTERLACED) != 0;
        pictures.add(new Picture(w, h, luma, av.format(), interlaced, av.color_primaries(), av.color_trc(),
            av.colorspace(), av.sample_aspect_ratio().num(), av.sample_aspect_ratio().den(),
            matrix != null && !matrix.isNull()));
      }
    }
    return pictures;
  }

  /**
   * Checks every segment of a rendition on its own, as a player switching to it would get it (init segment +
   * that segment): it decodes, and its first video packet is a keyframe. Checks the EXTINF durations.
   *
   * @return the times (s) of every keyframe in the rendition
   */
  static List<Double> checkSegments(Path playlistFile, int segmentSeconds, boolean video) throws IOException {
    HlsMediaPlaylist playlist = HlsMediaPlaylist.read(playlistFile);
    Path dir = playlistFile.getParent();
    assertThat(playlist.map()).isEqualTo("init.mp4");
    assertThat(playlist.segments()).isNotEmpty();
    List<Double> keyframes = new ArrayList<>();
    for (int i = 0; i < playlist.segments().size(); i++) {
      HlsMediaPlaylist.Segment segment = playlist.segments().get(i);
      assertThat(segment.uri()).isEqualTo(String.format("seg_%05d.m4s", i + 1));
      if (i < playlist.segments().size() - 1) {
        assertThat(segment.duration()).as("EXTINF of " + segment.uri()).isLessThanOrEqualTo(segmentSeconds + 0.1);
      }
      Path joined = joined(dir, playlist.map(), segment.uri());
      try {
        if (video) {
          keyframes.addAll(checkVideoSegment(joined, segment.uri()));
        }
      } finally {
        Files.delete(joined);
      }
    }
    return keyframes;
  }

  /** Whether a video file, or a rendition's first segment with its init segment, states a display matrix. */
  static boolean statesRotation(Path fileOrRenditionDir) throws IOException {
    boolean rendition = Files.isDirectory(fileOrRenditionDir);
    Path file = rendition ? joined(fileOrRenditionDir, "init.mp4", "seg_00001.m4s") : fileOrRenditionDir;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      return grabber.getVideoSideData("Display Matrix") != null;
    } finally {
      if (rendition) {
        Files.delete(file);
      }
    }
  }

  /** A segment as a player switching to it gets it: the init segment, then the segment (a temporary file). */
  private static Path joined(Path dir, String init, String segment) throws IOException {
    Path joined = Files.createTempFile(dir.getParent().getParent(), "segment-", ".mp4");
    try (OutputStream out = Files.newOutputStream(joined)) {
      Files.copy(dir.resolve(init), out);
      Files.copy(dir.resolve(segment), out);
    }
    return joined;
  }

  private static List<Double> checkVideoSegment(Path file, String name) throws IOException {
    List<Double> keyframes = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      int videoIndex = grabber.getVideoStream();
      AVRational tb = grabber.getFormatContext().streams(videoIndex).time_base();
      boolean first = true;
      AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        if (packet.stream_index() == videoIndex) {
          boolean key = (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
          if (first) {
            assertThat(key).as(name + " starts with a keyframe").isTrue();
            first = false;
          }
          if (key) {
            keyframes.add(packet.pts() * (double) tb.num() / tb.den());
          }
        }
      }
      assertThat(first).as(name + " has video").isFalse();
    }
    // and the decoder agrees: the first picture it gives is a keyframe
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setImageMode(FrameGrabber.ImageMode.RAW);
      grabber.start();
      assertThat(grabber.grabImage().keyFrame).as(name + " decodes from a keyframe").isTrue();
    }
    return keyframes;
  }

  static BufferedImage readJpeg(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).startsWith(0xFF, 0xD8); // JPEG SOI
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).isNotNull();
    return image;
  }

  /** The VTT's cues run from 0 to the end without gaps and point at regions inside existing sprites. */
  static int checkStoryboard(Path vtt, double durationSeconds) throws IOException {
    List<String> lines = Files.readAllLines(vtt);
    assertThat(lines.get(0)).isEqualTo("WEBVTT");
    Pattern cue = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3}) --> (\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3})");
    Pattern ref = Pattern.compile("(sprite-\\d{3}\\.jpg)#xywh=(\\d+),(\\d+),(\\d+),(\\d+)");
    double expectedStart = 0;
    int cues = 0;
    Map<String, BufferedImage> sprites = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      Matcher m = cue.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      double start = seconds(m, 1);
      double end = seconds(m, 5);
      assertThat(start).isCloseTo(expectedStart, within(0.001));
      assertThat(end).isGreaterThan(start);
      expectedStart = end;
      Matcher r = ref.matcher(lines.get(i + 1));
      assertThat(r.matches()).as(lines.get(i + 1)).isTrue();
      Path sprite = vtt.resolveSibling(r.group(1));
      assertThat(sprite).exists();
      BufferedImage image = sprites.computeIfAbsent(r.group(1), k -> {
        try {
          return readJpeg(sprite);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      int x = Integer.parseInt(r.group(2));
      int y = Integer.parseInt(r.group(3));
      int w = Integer.parseInt(r.group(4));
      int h = Integer.parseInt(r.group(5));
      assertThat(w).isPositive();
      assertThat(h).isPositive();
      assertThat(x + w).isLessThanOrEqualTo(image.getWidth());
      assertThat(y + h).isLessThanOrEqualTo(image.getHeight());
      cues++;
    }
    assertThat(cues).isPositive();
    assertThat(expectedStart).as("cues cover the duration").isCloseTo(durationSeconds, within(0.1));
    return cues;
  }

  private static double seconds(Matcher m, int group) {
    return Integer.parseInt(m.group(group)) * 3600 + Integer.parseInt(m.group(group + 1)) * 60
        + Integer.parseInt(m.group(group + 2)) + Integer.parseInt(m.group(group + 3)) / 1000.0;
  }
}
