package io.reelay.live.srt;

/**
 * SRT packet sequence numbers: 31 bits that wrap from 2^31-1 to 0. Two numbers are compared by their distance on
 * the circle (the shorter way round), which is right as long as no window spans 2^30 packets.
 */
final class SeqNo {

  static final int MASK = 0x7FFF_FFFF;

  private SeqNo() {}

  static int inc(int seq) {
    return (seq + 1) & MASK;
  }

  static int add(int seq, int n) {
    return (seq + n) & MASK;
  }

  /** {@code to - from} on the circle: positive when {@code to} comes after {@code from}. */
  static int diff(int to, int from) {
    return ((to - from) << 1) >> 1; // 31-bit two's complement, sign-extended
  }

  static int compare(int a, int b) {
    return Integer.signum(diff(a, b));
  }
}
