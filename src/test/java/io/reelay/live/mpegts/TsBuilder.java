package io.reelay.live.mpegts;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes transport packets by hand, one field at a time, so tests can build (and then damage) any stream. */
final class TsBuilder {

  static final int PMT_PID = 0x1000;
  static final int VIDEO_PID = 0x100;
  static final int AUDIO_PID = 0x101;

  final List<byte[]> packets = new ArrayList<>();
  private final Map<Integer, Integer> counters = new HashMap<>();

  /** PAT and PMT of one program with H.264 on {@link #VIDEO_PID} and ADTS AAC on {@link #AUDIO_PID}. */
  static TsBuilder withTables() {
    return new TsBuilder().pat(PMT_PID).pmt(0, ProgramTables.TYPE_H264, VIDEO_PID, ProgramTables.TYPE_ADTS, AUDIO_PID);
  }

  /** PAT and PMT of a program with only H.264 on {@link #VIDEO_PID}. */
  static TsBuilder videoOnly() {
    return new TsBuilder().pat(PMT_PID).pmt(0, ProgramTables.TYPE_H264, VIDEO_PID);
  }

  /** PAT and PMT of a program with only ADTS AAC on {@link #AUDIO_PID}. */
  static TsBuilder audioOnly() {
    return new TsBuilder().pat(PMT_PID).pmt(0, ProgramTables.TYPE_ADTS, AUDIO_PID);
  }

  TsBuilder pat(int pmtPid) {
    return section(0, new byte[] {0x00, (byte) 0xb0, 0, 0, 1, (byte) 0xc1, 0, 0,
        0, 1, (byte) (0xe0 | pmtPid >> 8), (byte) pmtPid});
  }

  /** A PMT of program 1: pairs of stream type and PID. */
  TsBuilder pmt(int version, int... typesAndPids) {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(new byte[] {0x02, (byte) 0xb0, 0, 0, 1, (byte) (0xc1 | version << 1), 0, 0,
        (byte) (0xe0 | VIDEO_PID >> 8), (byte) VIDEO_PID, (byte) 0xf0, 0});
    for (int i = 0; i < typesAndPids.length; i += 2) {
      int pid = typesAndPids[i + 1];
      s.writeBytes(new byte[] {(byte) typesAndPids[i], (byte) (0xe0 | pid >> 8), (byte) pid, (byte) 0xf0, 0});
    }
    return section(PMT_PID, s.toByteArray());
  }

  /** A section (header without its length, which is filled in, and body) with its CRC, in one packet. */
  TsBuilder section(int pid, byte[] header) {
    byte[] section = Arrays.copyOf(header, header.length + 4);
    int length = section.length - 3;
    section[1] = (byte) ((section[1] & 0xf0) | length >> 8);
    section[2] = (byte) length;
    int crc = SectionReader.crc(section, section.length - 4);
    for (int i = 0; i < 4; i++) {
      section[section.length - 4 + i] = (byte) (crc >>> (24 - 8 * i));
    }
    byte[] payload = new byte[section.length + 1]; // pointer_field 0
    System.arraycopy(section, 0, payload, 1, section.length);
    packet(pid, true, payload, 0, payload.length, true);
    return this;
  }

  /** A video PES (unbounded, PTS and DTS) split over as many packets as it takes. */
  TsBuilder video(long pts, long dts, byte[] es) {
    return pes(VIDEO_PID, 0xe0, pts, dts, es, false);
  }

  /** An audio PES (with its length, PTS only). */
  TsBuilder audio(long pts, byte[] es) {
    return pes(AUDIO_PID, 0xc0, pts, -1, es, true);
  }

  TsBuilder pes(int pid, int streamId, long pts, long dts, byte[] es, boolean bounded) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    int headerLength = pts < 0 ? 0 : dts < 0 ? 5 : 10;
    int length = 3 + headerLength + es.length;
    p.writeBytes(new byte[] {0, 0, 1, (byte) streamId, (byte) (bounded ? length >> 8 : 0),
        (byte) (bounded ? length : 0), (byte) 0x80, (byte) (pts < 0 ? 0 : dts < 0 ? 0x80 : 0xc0),
        (byte) headerLength});
    if (pts >= 0) {
      p.writeBytes(timestamp(dts < 0 ? 0x20 : 0x30, pts));
    }
    if (pts >= 0 && dts >= 0) {
      p.writeBytes(timestamp(0x10, dts));
    }
    p.writeBytes(es);
    byte[] b = p.toByteArray();
    for (int at = 0; at < b.length; at += 184) {
      packet(pid, at == 0, b, at, Math.min(b.length, at + 184), false);
    }
    return this;
  }

  /** A packet with only an adaptation field carrying a PCR: it does not advance the continuity counter. */
  TsBuilder pcr(int pid, long base) {
    byte[] p = header(pid, false, 0x20, counters.getOrDefault(pid, 0));
    p[4] = (byte) 183;
    p[5] = 0x10; // PCR_flag
    p[6] = (byte) (base >> 25);
    p[7] = (byte) (base >> 17);
    p[8] = (byte) (base >> 9);
    p[9] = (byte) (base >> 1);
    p[10] = (byte) ((base << 7) | 0x7e);
    Arrays.fill(p, 12, 188, (byte) 0xff);
    packets.add(p);
    return this;
  }

  /**
   * One packet of {@code b[from, to)}, stuffed with an adaptation field when the payload is short (PSI is padded
   * with 0xff after the section instead).
   */
  private void packet(int pid, boolean start, byte[] b, int from, int to, boolean psi) {
    int cc = counters.merge(pid, 1, Integer::sum) - 1 & 0x0f;
    int n = to - from;
    boolean stuffed = n < 184;
    byte[] p = header(pid, start, stuffed ? 0x30 : 0x10, cc);
    int payload = 4;
    if (stuffed && psi) {
      p[3] = (byte) (0x10 | cc);
      Arrays.fill(p, 4 + n, 188, (byte) 0xff);
    } else if (stuffed) {
      int af = 183 - n;
      p[4] = (byte) af;
      if (af > 0) {
        p[5] = 0;
        Arrays.fill(p, 6, 5 + af, (byte) 0xff);
      }
      payload = 5 + af;
    }
    System.arraycopy(b, from, p, payload, n);
    packets.add(p);
  }

  private static byte[] header(int pid, boolean start, int control, int cc) {
    byte[] p = new byte[188];
    p[0] = 0x47;
    p[1] = (byte) ((start ? 0x40 : 0) | pid >> 8);
    p[2] = (byte) pid;
    p[3] = (byte) (control | cc);
    return p;
  }

  private static byte[] timestamp(int prefix, long t) {
    return new byte[] {(byte) (prefix | (t >> 29) & 0x0e | 1), (byte) (t >> 22), (byte) ((t >> 14) & 0xfe | 1),
        (byte) (t >> 7), (byte) ((t << 1) & 0xfe | 1)};
  }

  /** Feeds the whole stream to {@code demuxer} and ends it. */
  void into(TsDemuxer demuxer) {
    byte[] b = bytes();
    demuxer.feed(b, 0, b.length);
    demuxer.flush();
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    packets.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
