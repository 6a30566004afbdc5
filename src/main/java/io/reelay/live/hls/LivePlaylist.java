package io.reelay.live.hls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sliding window of one live stream and its LL-HLS media playlist (RFC 8216bis). Fed by a
 * {@link LiveSegmenter} as its listener; read by the HTTP layer, on the same context: the playlist text, the
 * {@link #has} test of blocking reloads, and the init segments, parts and segments it still holds.
 *
 * <p>Memory is bounded: the window keeps {@code segmentsKept} finished segments (a segment is its parts, no
 * copy) and the parts of the one being built; older segments and the init segments no longer needed are
 * released. Parts are listed only for the segments within three target durations of the live edge, as the
 * spec allows; their bytes stay servable as long as their segment is in the window.
 */
public final class LivePlaylist implements SegmenterListener {

  private final LiveHlsOptions options;
  private final List<Segment> segments = new ArrayList<>();
  private final Map<Integer, InitSegment> inits = new HashMap<>();
  private SegmentStart open;
  private final List<Part> openParts = new ArrayList<>();
  private long nextMsn;
  /** Number (in the stream) of the last part published; 0 before the first. */
  private long lastPartNumber;
  private long discontinuitySequence;
  private long maxSegmentTicks;
  private long maxPartTicks;
  private boolean ended;
  private String lowLatencyText;
  private String legacyText;
  private Runnable onChange = () -> { };
  /** Changed since the segmenter last settled. */
  private boolean unsettled;

  public LivePlaylist(LiveHlsOptions options) {
    this.options = options;
  }

  /** Runs after every change (a new part, segment, init or the end): wake the blocked requests. */
  public void onChange(Runnable handler) {
    this.onChange = handler;
  }

  @Override
  public void init(InitSegment init) {
    inits.put(init.version(), init);
    changed();
  }

  @Override
  public void segmentStarted(SegmentStart start) {
    open = start;
    openParts.clear();
  }

  @Override
  public void part(Part part) {
    openParts.add(part);
    lastPartNumber = part.number();
    maxPartTicks = Math.max(maxPartTicks, part.duration());
    changed();
  }

  @Override
  public void segment(Segment segment) {
    segments.add(segment);
    open = null;
    openParts.clear();
    nextMsn = segment.msn() + 1;
    maxSegmentTicks = Math.max(maxSegmentTicks, segment.duration());
    while (segments.size() > options.segmentsKept()) {
      Segment gone = segments.remove(0);
      if (gone.start().discontinuity()) {
        discontinuitySequence++;
      }
      gone.parts().forEach(p -> p.media().release()); // the window held each part's first reference
    }
    int oldestInit = segments.get(0).start().initVersion();
    inits.keySet().removeIf(version -> version < oldestInit);
    changed();
  }

  @Override
  public void ended() {
    ended = true;
    changed();
  }

  /** Whether there is anything to play yet (a playlist request before this should wait or get 404). */
  public boolean ready() {
    return !segments.isEmpty() || !openParts.isEmpty();
  }

  public boolean isEnded() {
    return ended;
  }

  /** Media sequence number of the segment being built: the next one to finish. */
  public long nextMsn() {
    return nextMsn;
  }

  /** Parts published so far of the segment being built. */
  public int nextPart() {
    return openParts.size();
  }

  /**
   * Whether the playlist already holds segment {@code msn} (finished), or with {@code part >= 0} part
   * {@code part} of it: the condition a blocking reload ({@code _HLS_msn}, {@code _HLS_part}) waits for. A part
   * index beyond the last part of a finished segment means the first part of the next segment. Anything older
   * than the window counts as held.
   */
  public boolean has(long msn, int part) {
    if (part < 0) {
      return msn < nextMsn;
    }
    if (msn < nextMsn) {
      Segment s = segment(msn);
      return s == null || part < s.parts().size() || has(msn + 1, 0);
    }
    return msn == nextMsn && part < openParts.size();
  }

  /** Segment {@code msn} if it is finished and still in the window. */
  public Segment segment(long msn) {
    if (segments.isEmpty()) {
      return null;
    }
    long index = msn - segments.get(0).msn();
    return index >= 0 && index < segments.size() ? segments.get((int) index) : null;
  }

  /** Part {@code index} of segment {@code msn}, if held. */
  public Part part(long msn, int index) {
    List<Part> list;
    if (msn == nextMsn) {
      list = openParts;
    } else {
      Segment s = segment(msn);
      list = s == null ? List.of() : s.parts();
    }
    return index >= 0 && index < list.size() ? list.get(index) : null;
  }

  /** The part with this number in the stream, if the window still holds it. */
  public Part partNumbered(long number) {
    for (Part p : openParts) {
      if (p.number() == number) {
        return p;
      }
    }
    for (int i = segments.size() - 1; i >= 0; i--) {
      List<Part> parts = segments.get(i).parts();
      if (!parts.isEmpty() && parts.get(0).number() <= number) {
        long index = number - parts.get(0).number();
        return index < parts.size() ? parts.get((int) index) : null;
      }
    }
    return null;
  }

  /**
   * Appends this rendition's {@code EXT-X-RENDITION-REPORT} (RFC 8216bis 4.4.5.4), as another rendition's playlist
   * lists it under {@code uri}: its last part, so a player switching here can block on the part after it at once.
   * Nothing before the first part.
   */
  public void renditionReport(StringBuilder sb, String uri) {
    long msn;
    int part;
    if (!openParts.isEmpty()) {
      msn = nextMsn;
      part = openParts.size() - 1;
    } else if (!segments.isEmpty()) {
      Segment last = segments.get(segments.size() - 1);
      msn = last.msn();
      part = last.parts().size() - 1;
    } else {
      return;
    }
    sb.append("#EXT-X-RENDITION-REPORT:URI=\"").append(uri).append("\",LAST-MSN=").append(msn)
        .append(",LAST-PART=").append(part).append('\n');
  }

  /** Number of the last part published (0 before the first); the preload hint names the one after it. */
  public long lastPartNumber() {
    return lastPartNumber;
  }

  public InitSegment init(int version) {
    return inits.get(version);
  }

  /** The newest init segment, or null before the first: what a multivariant playlist describes the rendition by. */
  public InitSegment latestInit() {
    return inits.keySet().stream().max(Integer::compare).map(inits::get).orElse(null);
  }

  /**
   * The highest bit rate of a segment in the window (video and audio, bits per second): {@code BANDWIDTH} of a
   * multivariant playlist. Before the first segment ends, the parts published so far stand for one.
   */
  public long peakBitrate() {
    long peak = 0;
    for (Segment s : segments) {
      peak = Math.max(peak, bitrate(s.length(), s.duration()));
    }
    return segments.isEmpty() ? openBitrate() : peak;
  }

  /** The window's bytes over its duration, bits per second: {@code AVERAGE-BANDWIDTH}. */
  public long averageBitrate() {
    long bytes = 0;
    long ticks = 0;
    for (Segment s : segments) {
      bytes += s.length();
      ticks += s.duration();
    }
    return segments.isEmpty() ? openBitrate() : bitrate(bytes, ticks);
  }

  private long openBitrate() {
    long bytes = 0;
    long ticks = 0;
    for (Part p : openParts) {
      bytes += p.media().length();
      ticks += p.duration();
    }
    return bitrate(bytes, ticks);
  }

  private static long bitrate(long bytes, long ticks) {
    return ticks <= 0 ? 0 : bytes * 8 * 90_000 / ticks;
  }

  /** The LL-HLS media playlist (cached until the next change). */
  public String text() {
    if (lowLatencyText == null) {
      lowLatencyText = render(true);
    }
    return lowLatencyText;
  }

  /**
   * The same playlist without the LL-HLS tags, for clients that do not ask for low latency. Players that do not
   * know the tags ignore them anyway; this is a shorter answer for them.
   */
  public String legacyText() {
    if (legacyText == null) {
      legacyText = render(false);
    }
    return legacyText;
  }

  /** The text is stale at once; the waiters are told when the segmenter's events have settled. */
  private void changed() {
    lowLatencyText = null;
    legacyText = null;
    unsettled = true;
  }

  @Override
  public void settled() {
    if (unsettled) {
      unsettled = false;
      onChange.run();
    }
  }

  private String render(boolean lowLatency) {
    // at least the target rounded up; raised (never lowered) if a segment ever rounds to more
    long targetDuration =
        Math.max((options.segmentTargetTicks() + 89_999) / 90_000, (maxSegmentTicks + 45_000) / 90_000);
    long partTarget = Math.max(options.partTargetTicks(), maxPartTicks);
    StringBuilder sb = new StringBuilder(256 + segments.size() * 400);
    sb.append("#EXTM3U\n#EXT-X-VERSION:").append(lowLatency ? 9 : 6).append('\n');
    sb.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
    if (lowLatency) {
      sb.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=");
      PlaylistText.seconds(sb, 3 * partTarget).append(",HOLD-BACK=");
      PlaylistText.seconds(sb, 3 * targetDuration * 90_000).append('\n');
      PlaylistText.seconds(sb.append("#EXT-X-PART-INF:PART-TARGET="), partTarget).append('\n');
    }
    sb.append("#EXT-X-MEDIA-SEQUENCE:").append(segments.isEmpty() ? nextMsn : segments.get(0).msn()).append('\n');
    sb.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
    int partsFrom = lowLatency ? partsFrom(3 * targetDuration * 90_000) : segments.size();
    int init = -1;
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      init = PlaylistText.segmentTags(sb, s.start(), init);
      if (i >= partsFrom) {
        PlaylistText.parts(sb, s.parts());
      }
      PlaylistText.seconds(sb.append("#EXTINF:"), s.duration()).append(",\n");
      sb.append(HlsNames.segment(s.msn())).append('\n');
    }
    if (lowLatency && open != null && !openParts.isEmpty()) {
      PlaylistText.segmentTags(sb, open, init);
      PlaylistText.parts(sb, openParts);
    }
    if (ended) {
      sb.append("#EXT-X-ENDLIST\n");
    } else if (lowLatency && lastPartNumber > 0) {
      sb.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(HlsNames.part(lastPartNumber + 1)).append("\"\n");
    }
    return sb.toString();
  }

  /** Index of the first segment whose parts are listed: those ending within {@code window} of the live edge. */
  private int partsFrom(long window) {
    long age = 0;
    for (Part p : openParts) {
      age += p.duration();
    }
    int i = segments.size();
    while (i > 0 && age < window) {
      age += segments.get(--i).duration();
    }
    return i;
  }
}
