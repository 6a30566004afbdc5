package io.reelay.live;

import io.reelay.live.hls.LiveHlsOptions;
import io.reelay.live.hls.LivePlaylist;
import io.reelay.live.hls.LiveSegmenter;
import io.reelay.live.hls.Part;
import io.reelay.live.hls.SegmenterListener;
import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.vertx.core.Context;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live broadcast on this node: the segmenter and playlist of a stream, its publisher, its recording and the
 * requests waiting for its next part. Everything here runs on the channel's context (the one of the connection
 * that started it); publishers on other event loops and HTTP requests reach it through {@link #context}.
 *
 * <p>Life: LIVE while a publisher is attached; WAITING after it left, for the reconnect grace (a publisher
 * that comes back continues the same playlist, after a discontinuity); ENDED after that (the playlist gets
 * its ENDLIST, the recording is handed off), then forgotten by the registry after a linger.
 */
final class LiveChannel {

  enum State { LIVE, WAITING, ENDED }

  private static final Logger LOG = LoggerFactory.getLogger(LiveChannel.class);

  final LiveStream stream;
  final String sessionId;
  final String protocol;
  final Context context;
  final ViewerTally viewers = new ViewerTally();
  private final LiveSettings settings;
  private final LongSupplier clock;
  private final LiveSegmenter segmenter;
  private final LivePlaylist playlist;
  private final LiveRendition source;
  /** The ABR rungs, or null when ABR is off. */
  private final LiveAbr abr;
  private final BlockingReloads reloads = new BlockingReloads();
  private final RecordingWriter recording;
  private final LiveMetrics metrics;
  private final long startedAtMs;
  private long[] reportedCounters = new long[3];
  private long[] reportedAbr = new long[2];

  private State state = State.LIVE;
  private ChannelSink publisher;
  private long lastDataMs;
  private long stateSinceMs;
  /** A publisher came back: the segmenter resumes (new timeline, maybe new tracks) at its first unit. */
  private boolean resumePending;
  /** When the last video frame before the current one arrived: a part closes as the frame after its last arrives. */
  private long previousVideoArrivalNanos;
  private VideoTrack newVideo;
  private AudioTrack newAudio;

  LiveChannel(LiveStream stream, String sessionId, String protocol, Context context, LiveSettings settings,
      LongSupplier clock, RecordingWriter recording, LiveMetrics metrics) {
    this.stream = stream;
    this.sessionId = sessionId;
    this.protocol = protocol;
    this.context = context;
    this.settings = settings;
    this.clock = clock;
    this.recording = recording;
    this.metrics = metrics;
    LiveHlsOptions options = settings.hls();
    this.playlist = new LivePlaylist(options);
    this.segmenter = new LiveSegmenter(options, clock,
        SegmenterListener.both(SegmenterListener.both(playlist, recording), new PartDelays()));
    this.source = new LiveRendition(playlist, reloads, clock);
    this.abr = settings.abr() ? new LiveAbr(stream.id(), options, clock, reloads, context) : null;
    this.startedAtMs = clock.getAsLong();
    this.lastDataMs = startedAtMs;
    this.stateSinceMs = startedAtMs;
  }

  String streamId() {
    return stream.id();
  }

  State state() {
    return state;
  }

  long startedAtMs() {
    return startedAtMs;
  }

  /**
   * Whether a new publisher may take this channel now: it is waiting for its publisher to come back, or its
   * publisher has sent nothing for {@link LiveSettings#silentMs} (then the newcomer takes over).
   */
  boolean admits(long nowMs) {
    return state == State.WAITING || (state == State.LIVE && (publisher == null || nowMs - lastDataMs > settings.silentMs()));
  }

  /** Attaches a new publisher (connection on {@code connection}); a previous one is disconnected. */
  ChannelSink attach(Context connection, Runnable disconnect) {
    if (publisher != null) {
      LOG.info("stream {}: publisher silent for {} ms, replaced by a new one", streamId(), clock.getAsLong() - lastDataMs);
      ChannelSink old = publisher;
      publisher = null;
      old.detach();
      flush();
      resumePending = true;
    } else if (state == State.WAITING) {
      resumePending = true;
    }
    newVideo = null;
    newAudio = null;
    state = State.LIVE;
    stateSinceMs = clock.getAsLong();
    lastDataMs = stateSinceMs;
    publisher = new ChannelSink(this, connection, disconnect, recording);
    return publisher;
  }

  // ---- from the publisher (ChannelSink), on this context

  void video(ChannelSink from, VideoTrack track) {
    if (from != publisher) {
      return;
    }
    lastDataMs = clock.getAsLong();
    if (resumePending) {
      newVideo = track;
    } else {
      segmenter.video(track);
      if (abr != null) {
        abr.video(track);
      }
    }
  }

  void audio(ChannelSink from, AudioTrack track) {
    if (from != publisher) {
      return;
    }
    lastDataMs = clock.getAsLong();
    if (resumePending) {
      newAudio = track;
    } else {
      segmenter.audio(track);
      if (abr != null) {
        abr.audio(track);
      }
    }
  }

  void unit(ChannelSink from, AccessUnit unit) {
    if (from != publisher) {
      return;
    }
    lastDataMs = clock.getAsLong();
    if (resumePending) {
      resumePending = false;
      segmenter.resume(newVideo, newAudio);
      if (abr != null) {
        abr.resume(newVideo, newAudio);
      }
    }
    long arrived = System.nanoTime();
    segmenter.unit(unit);
    if (abr != null) {
      abr.unit(unit);
    }
    if (unit.kind() == MediaKind.VIDEO) {
      previousVideoArrivalNanos = arrived;
    }
  }

  /** The publisher left (or broke); the channel waits for it to come back. */
  void publisherGone(ChannelSink from) {
    if (from != publisher) {
      return;
    }
    publisher = null;
    flush();
    state = State.WAITING;
    stateSinceMs = clock.getAsLong();
    LOG.info("stream {}: publisher gone, waiting {} s for it to come back", streamId(), settings.reconnectGraceMs() / 1000);
  }

  private void flush() {
    segmenter.flush();
    if (abr != null) {
      abr.flush();
    }
  }

  /** Disconnects the publisher (key revoked, lease lost) and waits as if it had left. */
  void kick(String why) {
    ChannelSink current = publisher;
    if (current != null) {
      LOG.info("stream {}: disconnecting the publisher: {}", streamId(), why);
      current.detach();
      publisherGone(current);
    }
  }

  /** True while the publisher is attached and sending: the lease is worth renewing. */
  boolean sending(long nowMs) {
    return publisher != null && nowMs - lastDataMs <= settings.silentMs();
  }

  /** Once a second: times out held requests; ends the broadcast when the grace is over. */
  void tick(long nowMs) {
    reloads.check(nowMs);
    reportCounters();
    if (state == State.WAITING && nowMs - stateSinceMs >= settings.reconnectGraceMs()) {
      end();
    }
  }

  /** Ends the broadcast: last segment, ENDLIST, every held request answered, the recording closed. */
  void end() {
    if (state == State.ENDED) {
      return;
    }
    if (publisher != null) {
      publisher.detach();
      publisher = null;
    }
    state = State.ENDED;
    stateSinceMs = clock.getAsLong();
    segmenter.finish();
    if (abr != null) {
      abr.finish();
    }
    reloads.releaseAll();
    reportCounters();
  }

  private void reportCounters() {
    reportedCounters = metrics.segmenterCounters(reportedCounters, segmenter.forcedSegments(), segmenter.repair());
    if (abr != null) {
      reportedAbr = metrics.abrCounters(reportedAbr, abr.droppedUnits(), abr.skippedFrames());
    }
  }

  /** Ended for longer than the linger: the registry may forget it. */
  boolean forgettable(long nowMs) {
    return state == State.ENDED && nowMs - stateSinceMs >= settings.lingerMs();
  }

  long durationMs() {
    return (state == State.ENDED ? stateSinceMs : clock.getAsLong()) - startedAtMs;
  }

  // ---- for playback, on this context

  /** The source's rendition ({@code rung} null), or an ABR rung's by name; null if there is none of that name. */
  LiveRendition rendition(String rung) {
    return rung == null ? source : abr == null ? null : abr.rendition(rung);
  }

  boolean ended() {
    return playlist.isEnded();
  }

  /**
   * The LL-HLS playlist of the source's rendition ({@code rung} null) or a rung's, with a rendition report of every
   * other rendition of the broadcast while it is live: what a player needs to switch with a blocking request.
   */
  String playlistText(String rung) {
    String text = rendition(rung).playlistText();
    List<LiveAbr.RungRendition> rungs = abr == null ? List.of() : abr.rungs();
    if (rungs.isEmpty() || playlist.isEnded()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 80 * rungs.size()).append(text);
    String up = rung == null ? "" : "../"; // a rung's playlist is one level below the source's
    if (rung != null) {
      source.playlist().renditionReport(sb, up + "index.m3u8");
    }
    for (LiveAbr.RungRendition other : rungs) {
      if (!other.rung().name().equals(rung)) {
        other.rendition().playlist().renditionReport(sb, up + other.rung().name() + "/index.m3u8");
      }
    }
    return sb.toString();
  }

  /** The multivariant playlist: the source's rendition and the ABR rungs (call once {@link #masterReady()}). */
  String masterText() {
    return LiveMaster.render(source, abr == null ? List.of() : abr.rungs());
  }

  /** Holds a request for the master playlist until {@link #masterReady()}. */
  void awaitMaster(long timeoutMs, io.vertx.core.Promise<Boolean> answer) {
    source.awaitUntil(this::masterReady, timeoutMs, answer);
  }

  /** Whether every rendition has published something, so the master playlist can describe each. */
  boolean masterReady() {
    return source.ready() && (abr == null || abr.ready()) || playlist.isEnded();
  }

  long segmentTargetMs() {
    return settings.hls().segmentTargetMs();
  }

  /** Measures how long after its last frame arrived each part is published (the part delay operators watch). */
  private final class PartDelays implements SegmenterListener {
    @Override
    public void part(Part part) {
      if (previousVideoArrivalNanos != 0) {
        metrics.partPublished(System.nanoTime() - previousVideoArrivalNanos);
      }
    }
  }
}
