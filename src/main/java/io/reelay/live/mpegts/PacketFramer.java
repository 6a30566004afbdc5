package io.reelay.live.mpegts;

/**
 * Cuts a byte stream arriving in arbitrary chunks into 188-byte transport packets. SRT usually delivers 7 whole
 * packets per datagram, but nothing guarantees it, and a lost or corrupted datagram can leave the stream off
 * sync: then bytes are skipped up to a 0x47 that is followed by another 0x47 one packet later (held until that
 * much has arrived), so a stray 0x47 inside a payload is not taken for a packet start.
 */
final class PacketFramer {

  static final int SIZE = 188;
  private static final byte SYNC = 0x47;

  /** Receives each packet: {@code SIZE} bytes of {@code b} from {@code offset}, valid only during the call. */
  interface PacketHandler {
    void packet(byte[] b, int offset);
  }

  private final PacketHandler out;
  private final TsCounters counters;
  private byte[] work = new byte[SIZE * 8];
  private int held; // bytes of a partial packet kept at the start of work
  private boolean synced = true;

  PacketFramer(PacketHandler out, TsCounters counters) {
    this.out = out;
    this.counters = counters;
  }

  void feed(byte[] b, int offset, int length) {
    int n = held + length;
    if (work.length < n) {
      work = java.util.Arrays.copyOf(work, Math.max(n, work.length * 2));
    }
    System.arraycopy(b, offset, work, held, length);
    int i = 0;
    while (n - i >= SIZE) {
      if (work[i] == SYNC && (synced || (n - i >= 2 * SIZE && work[i + SIZE] == SYNC))) {
        synced = true;
        out.packet(work, i);
        i += SIZE;
      } else if (work[i] == SYNC && n - i < 2 * SIZE) {
        break; // a candidate that the next chunk confirms or not
      } else {
        if (synced) {
          synced = false;
          counters.resyncs++;
        }
        counters.skippedBytes++;
        i++;
      }
    }
    held = n - i;
    System.arraycopy(work, i, work, 0, held);
  }

  /** Bytes of an incomplete packet still held (thrown away at the end of the stream). */
  int held() {
    return held;
  }
}
