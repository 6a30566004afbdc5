package io.reelay.live.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The pieces of media playlist text {@link LivePlaylist} writes, without String.format (it renders often). */
final class PlaylistText {

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private PlaylistText() {
  }

  /** 90 kHz ticks as seconds with five decimals. */
  static StringBuilder seconds(StringBuilder sb, long ticks) {
    long units = (ticks * 10 + 4) / 9; // 1e-5 s, rounded
    long frac = units % 100_000;
    sb.append(units / 100_000).append('.');
    for (long d = 10_000; d > 0; d /= 10) {
      sb.append((char) ('0' + frac / d % 10));
    }
    return sb;
  }

  /** The tags before a segment (or its first part): discontinuity, init segment if it changed, date-time. */
  static int segmentTags(StringBuilder sb, SegmentStart start, int previousInit) {
    if (start.discontinuity()) {
      sb.append("#EXT-X-DISCONTINUITY\n");
    }
    if (start.initVersion() != previousInit) {
      sb.append("#EXT-X-MAP:URI=\"").append(HlsNames.init(start.initVersion())).append("\"\n");
    }
    sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(DATE_TIME.format(Instant.ofEpochMilli(start.programDateTime())))
        .append('\n');
    return start.initVersion();
  }

  static void parts(StringBuilder sb, List<Part> parts) {
    for (Part p : parts) {
      seconds(sb.append("#EXT-X-PART:DURATION="), p.duration()).append(",URI=\"")
          .append(HlsNames.part(p.number())).append('"');
      if (p.independent()) {
        sb.append(",INDEPENDENT=YES");
      }
      sb.append('\n');
    }
  }
}
