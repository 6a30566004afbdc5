package io.reelay.live.hls;

import io.reelay.live.ingest.MediaKind;

/**
 * Turns a source's raw 90 kHz timestamps into a clean timeline: starting at 0, strictly increasing per track,
 * with PTS never before DTS, and audio and video kept on one offset so they stay in sync. Never throws.
 *
 * <ul>
 *   <li>A backward step up to {@code overlapMs}, or a repeated DTS, is nudged to one tick past the previous DTS.
 *   <li>A forward gap up to {@code breakMs} is kept: time really passed (dropped frames, a stalled encoder).
 *   <li>A wrap of the source's clock (MPEG-TS 33 bits, RTMP 32-bit milliseconds) is unwrapped per track.
 *   <li>Anything bigger is a break: the track continues one frame after where it was, a new "epoch" offset is
 *       chosen, and the other track takes the same offset when its own break arrives (an encoder restart moves
 *       both clocks). {@link #takeBreak()} tells the segmenter to mark a discontinuity.
 * </ul>
 * The output timeline stays continuous across breaks and publisher reconnects ({@link #restartAt}), so
 * fragment decode times never go backwards, and a recording of the segments plays as one file.
 */
public final class TimestampRepair {

  private static final long[] WRAPS = {1L << 33, (1L << 32) * 90};
  private static final long MAX_CTO = 10L * 90_000;

  private final long breakTicks;
  private final long overlapTicks;
  private final Track[] tracks = {new Track(3600), new Track(1920)};
  private long epochOffset;
  private int epoch;
  private boolean restart = true;
  private long restartAt;
  private boolean brokeSinceTaken;
  private long nudged;
  private long breaks;
  private long wraps;
  private long dts;
  private long pts;

  public TimestampRepair(int breakMs, int overlapMs) {
    this.breakTicks = breakMs * 90L;
    this.overlapTicks = overlapMs * 90L;
  }

  /** Repairs one unit's timestamps; read the result from {@link #dts()} and {@link #pts()}. */
  public void apply(MediaKind kind, long srcDts, long srcPts) {
    Track t = tracks[kind.ordinal()];
    long in = srcDts + t.unwrap;
    if (t.fresh) { // the stream's first unit of this track, or the first since a reconnect
      t.fresh = false;
      if (restart) {
        newEpoch(t, restartAt - in);
      } else {
        adopt(t);
      }
    } else {
      long delta = in - t.lastIn;
      if (!small(delta)) {
        for (long wrap : WRAPS) {
          if (small(delta + wrap)) {
            t.unwrap += wrap;
            in += wrap;
            delta += wrap;
            wraps++;
            break;
          }
        }
      }
      if (!small(delta)) { // until its own break, a track keeps its offset: its late units are pre-break
        if (t.epoch < epoch && small(in + epochOffset - t.lastOut)) {
          adopt(t); // the other track already started this epoch: share its offset, stay in sync
        } else {
          newEpoch(t, t.lastOut + t.lastDelta - in);
          breaks++;
          brokeSinceTaken = true;
        }
      }
    }
    long out = Math.max(0, in + t.offset);
    if (t.seen && out <= t.lastOut) {
      out = t.lastOut + 1;
      nudged++;
    } else if (t.seen && out - t.lastOut <= 90_000) {
      t.lastDelta = out - t.lastOut;
    }
    long cto = srcPts - srcDts;
    if (cto < 0 || cto > MAX_CTO) {
      cto = cto < 0 ? 0 : MAX_CTO;
      nudged++;
    }
    t.seen = true;
    t.lastIn = in;
    t.lastOut = out;
    dts = out;
    pts = out + cto;
  }

  /** The next unit of either track starts a new epoch at {@code ticks} (a publisher reconnected). */
  public void restartAt(long ticks) {
    restart = true;
    restartAt = ticks;
    for (Track t : tracks) {
      t.fresh = true;
    }
  }

  /** Whether a break happened since the last call (then the segmenter starts a discontinuity). */
  public boolean takeBreak() {
    boolean b = brokeSinceTaken;
    brokeSinceTaken = false;
    return b;
  }

  public long dts() {
    return dts;
  }

  public long pts() {
    return pts;
  }

  /** Units whose DTS was moved forward to keep it increasing, or whose PTS was clamped. */
  public long nudged() {
    return nudged;
  }

  /** Breaks in the source timeline (jumps beyond the thresholds). */
  public long breaks() {
    return breaks;
  }

  /** Source clock wraps unwrapped. */
  public long wraps() {
    return wraps;
  }

  private boolean small(long delta) {
    return delta >= -overlapTicks && delta <= breakTicks;
  }

  private void newEpoch(Track t, long offset) {
    epochOffset = offset;
    epoch++;
    restart = false;
    adopt(t);
  }

  private void adopt(Track t) {
    t.offset = epochOffset;
    t.epoch = epoch;
  }

  private static final class Track {
    long unwrap;
    long offset;
    int epoch;
    boolean seen;
    boolean fresh = true;
    long lastIn;
    long lastOut;
    long lastDelta;

    Track(long nominalDelta) {
      this.lastDelta = nominalDelta;
    }
  }
}
