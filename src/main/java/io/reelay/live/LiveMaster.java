package io.reelay.live;

import io.reelay.live.hls.InitSegment;
import io.reelay.live.hls.LivePlaylist;
import io.reelay.media.HlsMaster;
import io.reelay.media.Rendition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A broadcast's multivariant playlist ({@code master.m3u8}, RFC 8216 4.3.4.2): the source's rendition and each ABR
 * rung's, lowest bandwidth first as the VOD master lists them. Bandwidths are measured from the segments in each
 * window (the part published so far before the first segment ends); size and codecs are the init segment's.
 */
final class LiveMaster {

  private LiveMaster() {
  }

  static String render(LiveRendition source, List<LiveAbr.RungRendition> rungs) {
    List<Rendition> all = new ArrayList<>();
    Rendition src = rendition("source", source, "index.m3u8");
    if (src != null) {
      all.add(src);
    }
    for (LiveAbr.RungRendition r : rungs) {
      Rendition rung = rendition(r.rung().name(), r.rendition(), r.rung().name() + "/index.m3u8");
      if (rung != null) {
        all.add(rung);
      }
    }
    all.sort(Comparator.comparingLong(Rendition::bandwidth));
    return HlsMaster.render(all);
  }

  /** Null until the rendition has its first init segment. */
  private static Rendition rendition(String name, LiveRendition rendition, String uri) {
    LivePlaylist playlist = rendition.playlist();
    InitSegment init = playlist.latestInit();
    if (init == null) {
      return null;
    }
    return new Rendition(name, init.width(), init.height(), playlist.peakBitrate(), playlist.averageBitrate(),
        init.codecs(), 0, uri);
  }
}
