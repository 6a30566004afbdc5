package io.reelay.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.reelay.live.hls.TimestampRepair;
import io.reelay.node.NodeMetrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What operators watch of live streams. Channels report their segmenters' counters as they grow. */
final class LiveMetrics {

  private final AtomicLong live = new AtomicLong();
  private final LongAdder forcedSegments = new LongAdder();
  private final LongAdder nudgedTimestamps = new LongAdder();
  private final LongAdder timelineBreaks = new LongAdder();
  private final LongAdder abrDroppedUnits = new LongAdder();
  private final LongAdder abrSkippedFrames = new LongAdder();
  private final Counter started;
  private final Counter refusedUnknown;
  private final Counter refusedLive;
  private final Timer partDelay;

  LiveMetrics(NodeMetrics metrics) {
    metrics.gauge("reelay_live_streams", "live streams held by this node (publishing or waiting for a reconnect)", live::get);
    metrics.functionCounter("reelay_live_segments_forced", "live segments cut with no keyframe after 3x the target",
        forcedSegments, LongAdder::sum);
    metrics.functionCounter("reelay_live_timestamps_repaired", "live frames whose decode time was moved to keep it increasing",
        nudgedTimestamps, LongAdder::sum);
    metrics.functionCounter("reelay_live_timeline_breaks", "live timestamp jumps turned into discontinuities",
        timelineBreaks, LongAdder::sum);
    metrics.functionCounter("reelay_live_abr_units_dropped", "live source units the ABR ladder dropped, behind real time",
        abrDroppedUnits, LongAdder::sum);
    metrics.functionCounter("reelay_live_abr_frames_skipped", "live pictures decoded but not encoded by the ABR ladder, behind real time",
        abrSkippedFrames, LongAdder::sum);
    this.started = metrics.counter("reelay_live_broadcasts_started", "live broadcasts started on this node");
    this.refusedUnknown = metrics.counter("reelay_live_publishers_refused", "publishers refused", "reason", "unknown_key");
    this.partDelay = Timer.builder("reelay_live_part_delay")
        .description("from the arrival of a part's last frame to the part being in the playlist")
        .publishPercentiles(0.5, 0.99)
        .register(metrics.registry());
    this.refusedLive = metrics.counter("reelay_live_publishers_refused", "publishers refused", "reason", "already_live");
  }

  void broadcastStarted() {
    live.incrementAndGet();
    started.increment();
  }

  void broadcastForgotten() {
    live.decrementAndGet();
  }

  void partPublished(long delayNanos) {
    partDelay.record(delayNanos, TimeUnit.NANOSECONDS);
  }

  void refusedUnknownKey() {
    refusedUnknown.increment();
  }

  void refusedAlreadyLive() {
    refusedLive.increment();
  }

  /** Adds what a segmenter counted since its last report; returns the new totals to remember. */
  long[] segmenterCounters(long[] reported, long forced, TimestampRepair repair) {
    long[] now = {forced, repair.nudged(), repair.breaks()};
    forcedSegments.add(now[0] - reported[0]);
    nudgedTimestamps.add(now[1] - reported[1]);
    timelineBreaks.add(now[2] - reported[2]);
    return now;
  }

  /** Adds what an ABR worker counted since its last report; returns the new totals to remember. */
  long[] abrCounters(long[] reported, long dropped, long skipped) {
    abrDroppedUnits.add(dropped - reported[0]);
    abrSkippedFrames.add(skipped - reported[1]);
    return new long[] {dropped, skipped};
  }
}
