package io.reelay.live.mpegts;

import io.reelay.live.ingest.TimestampExtender;
import java.util.Arrays;

/**
 * Reassembles the PES packets (ISO 13818-1 2.4.3.6) of one elementary stream from its transport packets, and checks
 * their continuity counter on the way (2.4.3.3): a duplicate packet is ignored, a gap drops the PES in progress
 * (a decoder given a frame with a hole in it shows garbage until the next keyframe, the segmenter cannot tell).
 *
 * <p>A PES ends where its PES_packet_length says, or, when that is 0 (unbounded, as video PES usually are), at the
 * next payload_unit_start_indicator or {@link #flush}. The buffer is kept and reused from one PES to the next.
 */
final class PesAssembler {

  private static final int MAX_PES = 16 << 20; // far above any sane frame; beyond it the stream is garbage

  private final PesListener out;
  private final TsCounters counters;
  private final TimestampExtender clock;
  private byte[] buf = new byte[64 * 1024];
  private int length;
  private boolean collecting;
  private int expected; // whole PES size from PES_packet_length, or 0 for unbounded
  private int lastCc = -1;

  /** @param clock the program's timestamp extender, shared by its streams so they unwrap together */
  PesAssembler(PesListener out, TsCounters counters, TimestampExtender clock) {
    this.out = out;
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * One transport packet of this stream.
   *
   * @param from where its payload starts in {@code b} (after any adaptation field), {@code to} where it ends
   * @param hasPayload adaptation_field_control says a payload follows (the only packets that advance the counter)
   * @param discontinuity the adaptation field's discontinuity_indicator: the counter may jump without loss
   */
  void packet(byte[] b, int from, int to, boolean unitStart, int cc, boolean hasPayload, boolean discontinuity) {
    if (!hasPayload) {
      return;
    }
    if (lastCc >= 0 && !discontinuity) {
      if (cc == lastCc) {
        counters.duplicatePackets++;
        return;
      }
      if (cc != ((lastCc + 1) & 0x0f)) {
        counters.continuityErrors++;
        drop();
      }
    }
    lastCc = cc;
    if (unitStart) {
      if (collecting) {
        finish();
      }
      collecting = true;
      length = 0;
      expected = 0;
    } else if (!collecting) {
      return; // the rest of a PES whose start was lost
    }
    append(b, from, to);
    if (collecting && expected == 0 && length >= 6) {
      int declared = ((buf[4] & 0xff) << 8) | (buf[5] & 0xff);
      expected = declared == 0 ? -1 : 6 + declared;
    }
    if (collecting && expected > 0 && length >= expected) {
      length = expected; // anything after the declared end is stuffing
      finish();
    }
  }

  /** The end of the stream: hands on an unbounded PES in progress. */
  void flush() {
    if (collecting) {
      finish();
    }
  }

  private void append(byte[] b, int from, int to) {
    int n = to - from;
    if (length + n > MAX_PES) {
      drop();
      return;
    }
    if (length + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(length + n, buf.length * 2));
    }
    System.arraycopy(b, from, buf, length, n);
    length += n;
  }

  /** Loses the PES in progress, if any, and tells the listener that the stream has a hole here. */
  private void drop() {
    if (collecting) {
      counters.pesDropped++;
      collecting = false;
    }
    out.discontinuity();
  }

  /** Parses the PES header and hands on the payload, or drops a PES that is truncated or does not parse. */
  private void finish() {
    if (expected > 0 && length < expected) {
      drop(); // a new PES began before this one had all its declared bytes
      return;
    }
    if (length < 9 || buf[0] != 0 || buf[1] != 0 || buf[2] != 1 || (buf[6] & 0xc0) != 0x80) {
      drop(); // no start code, or a stream id without the optional header (padding, private 2)
      return;
    }
    int flags = (buf[7] & 0xc0) >> 6;
    int headerLength = buf[8] & 0xff;
    int payload = 9 + headerLength;
    if (payload > length || (flags == 2 && headerLength < 5) || (flags == 3 && headerLength < 10)) {
      drop();
      return;
    }
    collecting = false;
    long pts = PesListener.NO_TIME;
    long dts = PesListener.NO_TIME;
    if ((flags & 2) != 0) {
      long rawPts = timestamp(buf, 9);
      long rawDts = flags == 3 ? timestamp(buf, 14) : rawPts;
      dts = clock.extend(rawDts);
      pts = clock.extend(rawPts);
    }
    out.pes(pts, dts, buf, payload, length);
  }

  /** A 33-bit PTS or DTS: 3 + 15 + 15 bits with marker bits between (not checked: tolerate sloppy muxers). */
  static long timestamp(byte[] b, int at) {
    return ((long) (b[at] & 0x0e) << 29)
        | ((b[at + 1] & 0xff) << 22)
        | ((b[at + 2] & 0xfe) << 14)
        | ((b[at + 3] & 0xff) << 7)
        | ((b[at + 4] & 0xff) >> 1);
  }
}
