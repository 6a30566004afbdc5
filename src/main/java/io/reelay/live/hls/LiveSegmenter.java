package io.reelay.live.hls;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.reelay.media.fmp4.AacConfig;
import io.reelay.media.fmp4.AvcConfig;
import io.reelay.media.fmp4.FragmentWriter;
import io.reelay.media.fmp4.InitSegmentWriter;
import io.reelay.media.fmp4.SampleQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Remuxes one live stream's access units into fMP4 LL-HLS parts and segments (see docs/live-segmenter.md).
 * Plain Java, one caller at a time (the stream's context); output goes to a {@link SegmenterListener}.
 *
 * <ul>
 *   <li>Each unit is held until the next one of its track arrives, which gives its duration; the decision to cut
 *       is taken when a unit of the driving track (video if the stream has video, else audio) arrives, before it
 *       is placed, so a part or segment always ends where the next one begins.
 *   <li>A part ends before the unit that would take it past the part target. A segment ends before the first
 *       keyframe at or after the segment target, or before any frame at {@code forceFactor} x the target.
 *   <li>New track configurations close the open segment; the next one gets a new init segment and a
 *       discontinuity. So does {@link #resume} after a publisher reconnects.
 * </ul>
 */
public final class LiveSegmenter {

  private final LiveHlsOptions options;
  private final LongSupplier wallClockMs;
  private final SegmenterListener out;
  private final TimestampRepair repair;

  private AvcConfig video;
  private AacConfig audio;
  private boolean initStale = true;
  private boolean tracksStale = true;
  private int initVersion = -1;
  private TrackState v;
  private TrackState a;
  private TrackState driver;

  private long msn;
  private boolean segmentOpen;
  private SegmentStart start;
  private long segmentStart;
  private long partStart;
  private final List<Part> parts = new ArrayList<>();
  private final MediaSlabs slabs = new MediaSlabs(SlabPool.SHARED);
  private int fragments;
  /**
   * Timestamp jitter a part may exceed its target by. RTMP timestamps are whole milliseconds, so 30 fps arrives as
   * 0, 33, 67, 100 ms...: without this slack the first part of each segment would take 5 frames instead of 6 and the
   * segment would end in a one-frame part, which hls.js fails to load (it stalls).
   */
  private static final long JITTER_TICKS = 2 * 90;
  private long lastEnd;
  private boolean lastCutForced;
  private boolean discontinuityNext;
  private boolean anchorStale = true;
  private long anchorMs;
  private boolean ended;

  private long forcedSegments;
  private long droppedUnits;

  /**
   * @param wallClockMs the wall clock (epoch ms) for {@code EXT-X-PROGRAM-DATE-TIME}; read when a segment opens
   *     after the start or a discontinuity, later segments follow the media timestamps from there
   */
  public LiveSegmenter(LiveHlsOptions options, LongSupplier wallClockMs, SegmenterListener out) {
    this.options = options;
    this.wallClockMs = wallClockMs;
    this.out = out;
    this.repair = new TimestampRepair(options.breakMs(), options.overlapMs());
  }

  /** A video configuration; a different one from the current closes the open segment. */
  public void video(VideoTrack track) {
    try {
      doVideo(track);
    } finally {
      out.settled();
    }
  }

  private void doVideo(VideoTrack track) {
    tracks(AvcConfig.parse(track.avcDecoderConfigurationRecord()), audio);
  }

  /** An audio configuration; a different one from the current closes the open segment. */
  public void audio(AudioTrack track) {
    try {
      doAudio(track);
    } finally {
      out.settled();
    }
  }

  private void doAudio(AudioTrack track) {
    tracks(video, AacConfig.parse(track.audioSpecificConfig()));
  }

  public void unit(AccessUnit unit) {
    try {
      doUnit(unit);
    } finally {
      out.settled();
    }
  }

  private void doUnit(AccessUnit unit) {
    boolean isVideo = unit.kind() == MediaKind.VIDEO;
    if (ended || (isVideo ? video : audio) == null || unit.data().length == 0) {
      droppedUnits++;
      return;
    }
    if (initStale || tracksStale) {
      startTracks();
    }
    repair.apply(unit.kind(), unit.dts(), unit.pts());
    if (repair.takeBreak()) {
      discontinuityNext = true;
      anchorStale = true;
    }
    TrackState t = isVideo ? v : a;
    boolean key = !isVideo || unit.keyframe();
    if (isVideo && !t.started && !key) {
      droppedUnits++; // undecodable without the keyframe before it
      return;
    }
    t.started = true;
    long time = t.time(repair.dts());
    if (t.holding) {
      t.release(time);
    }
    long ticks = t.ticks(time);
    if (t == driver) {
      cutBefore(ticks, key);
    } else if (segmentOpen && ticks - partStart >= cap()) {
      // the driving track stalled: cut on this one rather than buffer it without bound
      closePart(ticks, false);
      closeSegment(ticks, true);
    }
    if (!segmentOpen) {
      openSegment(ticks);
    }
    t.hold(time, (int) (repair.pts() - repair.dts()), key, unit.data());
  }

  /**
   * The publisher is gone but may come back: closes the open part and segment (the last unit of each track lasts
   * as long as the one before). Nothing else changes; follow with {@link #resume} or {@link #finish}.
   */
  public void flush() {
    try {
      doFlush();
    } finally {
      out.settled();
    }
  }

  private void doFlush() {
    if (!segmentOpen) {
      return;
    }
    long end = segmentStart;
    for (TrackState t : new TrackState[] {v, a}) {
      if (t != null) {
        if (t.holding) {
          t.releaseNominal();
        }
        end = Math.max(end, t.ticks(t.queue.end(0)));
      }
    }
    closePart(end, true);
    closeSegment(end, false);
  }

  /**
   * A publisher (re)connected to this stream with these tracks (either may be null): the media sequence goes on,
   * the next segment starts a discontinuity, a new timeline right after the last segment, and a new init segment
   * if the tracks differ.
   */
  public void resume(VideoTrack videoTrack, AudioTrack audioTrack) {
    try {
      doResume(videoTrack, audioTrack);
    } finally {
      out.settled();
    }
  }

  private void doResume(VideoTrack videoTrack, AudioTrack audioTrack) {
    if (ended) {
      throw new IllegalStateException("the stream has ended");
    }
    doFlush();
    AvcConfig nv = videoTrack == null ? null : AvcConfig.parse(videoTrack.avcDecoderConfigurationRecord());
    AacConfig na = audioTrack == null ? null : AacConfig.parse(audioTrack.audioSpecificConfig());
    tracks(nv, na);
    tracksStale = true;
    discontinuityNext = msn > 0;
    anchorStale = true;
    repair.restartAt(lastEnd);
  }

  /** The stream is over: flushes and tells the listener; later calls are ignored. */
  public void finish() {
    try {
      doFinish();
    } finally {
      out.settled();
    }
  }

  private void doFinish() {
    if (!ended) {
      doFlush();
      ended = true;
      slabs.close();
      out.ended();
    }
  }

  /** Segments cut at the duration cap without a keyframe. */
  public long forcedSegments() {
    return forcedSegments;
  }

  /** Units dropped: video before its first keyframe, units of an unconfigured track, empty units. */
  public long droppedUnits() {
    return droppedUnits;
  }

  /** The timestamp repair's counters (nudged units, breaks, clock wraps). */
  public TimestampRepair repair() {
    return repair;
  }

  private void tracks(AvcConfig nv, AacConfig na) {
    if (Objects.equals(nv, video) && Objects.equals(na, audio)) {
      return;
    }
    doFlush(); // the units that follow need the new init segment
    video = nv;
    audio = na;
    initStale = true;
    if (initVersion >= 0) {
      discontinuityNext = true;
    }
  }

  private void startTracks() {
    if (initStale) {
      initVersion++;
      List<String> codecs = new ArrayList<>(2);
      if (video != null) {
        codecs.add(video.codec());
      }
      if (audio != null) {
        codecs.add(audio.codec());
      }
      out.init(new InitSegment(initVersion, InitSegmentWriter.write(video, audio), String.join(",", codecs),
          video == null ? 0 : video.width(), video == null ? 0 : video.height()));
    }
    v = video == null ? null
        : new TrackState(InitSegmentWriter.VIDEO_TRACK, InitSegmentWriter.VIDEO_TIMESCALE, true);
    a = audio == null ? null : new TrackState(InitSegmentWriter.AUDIO_TRACK, audio.sampleRate(), false);
    driver = v != null ? v : a;
    initStale = false;
    tracksStale = false;
  }

  /** A unit of the driving track at {@code ticks} arrived: end the part, and maybe the segment, before it. */
  private void cutBefore(long ticks, boolean key) {
    if (!segmentOpen) {
      return;
    }
    long elapsed = ticks - segmentStart;
    boolean forced = !key && elapsed >= cap();
    boolean cutSegment = forced || (key && elapsed >= options.segmentTargetTicks());
    long next = driver.ticks(driver.nominalDuration());
    if (cutSegment || (driver.queue.count() > 0 && ticks - partStart + next > options.partTargetTicks() + JITTER_TICKS)) {
      closePart(ticks, false);
    }
    if (cutSegment) {
      closeSegment(ticks, forced);
    }
  }

  private long cap() {
    return options.forceFactor() * options.segmentTargetTicks();
  }

  private void openSegment(long ticks) {
    if (anchorStale) {
      anchorMs = wallClockMs.getAsLong() - ticks / 90;
      anchorStale = false;
    }
    start = new SegmentStart(msn, initVersion, discontinuityNext, anchorMs + ticks / 90, !lastCutForced);
    discontinuityNext = false;
    segmentOpen = true;
    segmentStart = ticks;
    partStart = ticks;
    out.segmentStarted(start);
  }

  /** Writes the queued units before {@code end} (all of the driving track's; all of both if {@code all}). */
  private void closePart(long end, boolean all) {
    int nv = count(v, end, all);
    int na = count(a, end, all);
    if (nv + na == 0) {
      return;
    }
    int number = ++fragments; // the fragment's sequence number is also the part's number in the stream
    SampleQueue vq = v == null ? null : v.queue;
    SampleQueue aq = a == null ? null : a.queue;
    MediaSlice bytes = slabs.allocate(FragmentWriter.size(vq, nv, aq, na));
    FragmentWriter.write(number, vq, nv, aq, na, bytes.array(), bytes.offset());
    boolean independent = nv > 0 ? v.queue.sync(0) : v == null || parts.isEmpty();
    Part part = new Part(msn, parts.size(), number, Math.max(1, end - partStart), independent, bytes);
    if (nv > 0) {
      v.queue.remove(nv);
    }
    if (na > 0) {
      a.queue.remove(na);
    }
    parts.add(part);
    partStart = Math.max(end, partStart + 1);
    out.part(part);
  }

  private int count(TrackState t, long end, boolean all) {
    if (t == null) {
      return 0;
    }
    return all || t == driver ? t.queue.count() : t.queue.countBefore(t.toTimescale(end));
  }

  private void closeSegment(long end, boolean forced) {
    segmentOpen = false;
    lastCutForced = forced;
    if (parts.isEmpty()) {
      return;
    }
    if (forced) {
      forcedSegments++;
    }
    Segment segment = new Segment(start, Math.max(1, end - segmentStart), forced, parts);
    parts.clear();
    msn++;
    lastEnd = end;
    out.segment(segment);
  }
}
