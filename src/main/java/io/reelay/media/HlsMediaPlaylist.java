package io.reelay.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an HLS media playlist Reelay reads back: the init segment, the segments and their durations.
 *
 * @param map            the URI of {@code #EXT-X-MAP} (the fMP4 init segment), or null
 * @param targetDuration {@code #EXT-X-TARGETDURATION}, seconds
 * @param segments       in playlist order
 */
public record HlsMediaPlaylist(String map, int targetDuration, List<Segment> segments) {

  /** A media segment: its URI (relative to the playlist) and {@code #EXTINF} duration in seconds. */
  public record Segment(String uri, double duration) {
  }

  public HlsMediaPlaylist {
    segments = List.copyOf(segments);
  }

  public static HlsMediaPlaylist read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  public static HlsMediaPlaylist parse(String text) {
    String map = null;
    int target = 0;
    Double pending = null;
    List<Segment> segments = new ArrayList<>();
    for (String raw : text.split("\r?\n")) {
      String line = raw.trim();
      if (line.startsWith("#EXTINF:")) {
        String value = line.substring("#EXTINF:".length());
        int comma = value.indexOf(',');
        pending = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
      } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
        target = Integer.parseInt(line.substring("#EXT-X-TARGETDURATION:".length()));
      } else if (line.startsWith("#EXT-X-MAP:")) {
        int start = line.indexOf("URI=\"") + 5;
        map = line.substring(start, line.indexOf('"', start));
      } else if (!line.isEmpty() && !line.startsWith("#") && pending != null) {
        segments.add(new Segment(line, pending));
        pending = null;
      }
    }
    return new HlsMediaPlaylist(map, target, segments);
  }

  /** Sum of the segment durations, seconds. */
  public double duration() {
    return segments.stream().mapToDouble(Segment::duration).sum();
  }
}
