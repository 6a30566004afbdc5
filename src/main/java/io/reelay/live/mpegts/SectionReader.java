package io.reelay.live.mpegts;

/**
 * Reassembles the PSI sections (PAT, PMT) of one PID (ISO 13818-1 2.4.4): a section may start anywhere after the
 * pointer field, span packets, and be followed by another in the same packet. Only sections whose CRC-32 holds
 * are handed on, so garbage never reaches the table parser. Continuity counters are not checked here: a section
 * cut by a lost packet fails its CRC, and tables repeat every few hundred milliseconds.
 */
final class SectionReader {

  /** Receives a whole section, header to CRC included: {@code length} bytes of {@code b}, valid during the call. */
  interface SectionHandler {
    void section(byte[] b, int length);
  }

  private static final int MAX_SECTION = 1024 + 3; // PAT and PMT sections are at most 1021 bytes after the length
  private static final int[] CRC_TABLE = crcTable();

  private final SectionHandler out;
  private final TsCounters counters;
  private final byte[] buf = new byte[MAX_SECTION];
  private int length;
  private boolean collecting;

  SectionReader(SectionHandler out, TsCounters counters) {
    this.out = out;
    this.counters = counters;
  }

  /** The payload of one packet of this PID: bytes {@code from} to {@code to} of {@code b}. */
  void payload(byte[] b, int from, int to, boolean unitStart) {
    if (unitStart) {
      int pointer = b[from] & 0xff;
      from++;
      if (from + pointer > to) {
        counters.badSections++;
        collecting = false;
        return;
      }
      if (collecting) {
        append(b, from, from + pointer); // the end of the section that was in progress
      }
      from += pointer;
      length = 0;
      collecting = true;
    } else if (!collecting) {
      return; // the middle of a section whose start we missed
    }
    append(b, from, to);
  }

  private void append(byte[] b, int from, int to) {
    int n = Math.min(to - from, buf.length - length);
    System.arraycopy(b, from, buf, length, n);
    length += n;
    while (collecting && length >= 3) {
      if ((buf[0] & 0xff) == 0xff) { // stuffing: no more sections in this packet
        collecting = false;
        return;
      }
      int size = 3 + (((buf[1] & 0x0f) << 8) | (buf[2] & 0xff));
      if (size > MAX_SECTION || size < 3 + 5 + 4) {
        counters.badSections++;
        collecting = false;
        return;
      }
      if (length < size) {
        return;
      }
      if (crc(buf, size) == 0) {
        out.section(buf, size);
      } else {
        counters.badSections++;
      }
      length -= size;
      System.arraycopy(buf, size, buf, 0, length);
    }
  }

  /** CRC-32/MPEG-2 over a whole section including its CRC field: 0 when the section is intact. */
  static int crc(byte[] b, int length) {
    int crc = -1;
    for (int i = 0; i < length; i++) {
      crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b[i]) & 0xff];
    }
    return crc;
  }

  private static int[] crcTable() {
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int c = i << 24;
      for (int k = 0; k < 8; k++) {
        c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
      }
      table[i] = c;
    }
    return table;
  }
}
