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
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
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
      Path joined = Files.createTempFile(dir.getParent().getParent(), "segment-", ".mp4");
      try {
        try (OutputStream out = Files.newOutputStream(joined)) {
          Files.copy(dir.resolve(playlist.map()), out);
          Files.copy(dir.resolve(segment.uri()), out);
        }
        if (video) {
          keyframes.addAll(checkVideoSegment(joined, segment.uri()));
        }
      } finally {
        Files.delete(joined);
      }
    }
    return keyframes;
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
