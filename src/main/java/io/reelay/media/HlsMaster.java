package io.reelay.media;

import java.util.List;
import java.util.Locale;

/**
 * Writes the HLS master playlist: one {@code #EXT-X-STREAM-INF} per rendition, in the order given (the
 * transcoder gives lowest bandwidth first: Safari starts with the first entry, and starting low plays at once
 * on any connection before it switches up; hls.js picks by bandwidth whatever the order).
 */
public final class HlsMaster {

  public static final String FILE = "master.m3u8";
  /** Version 7: the rendition playlists use fMP4 segments ({@code #EXT-X-MAP} in a media playlist). */
  static final int VERSION = 7;

  private HlsMaster() {
  }

  public static String render(List<Rendition> renditions) {
    StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(VERSION)
        .append("\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    for (Rendition r : renditions) {
      m3u8.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(r.bandwidth())
          .append(",AVERAGE-BANDWIDTH=").append(r.averageBandwidth());
      if (r.hasVideo()) {
        m3u8.append(",RESOLUTION=").append(r.width()).append('x').append(r.height());
      }
      m3u8.append(",CODECS=\"").append(r.codecs()).append('"');
      if (r.hasVideo() && r.frameRate() > 0) { // a live rendition's rate is not known ahead
        m3u8.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", r.frameRate()));
      }
      m3u8.append('\n').append(r.playlist()).append('\n');
    }
    return m3u8.toString();
  }
}
