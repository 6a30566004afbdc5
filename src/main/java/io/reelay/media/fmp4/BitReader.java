package io.reelay.media.fmp4;

/**
 * Reads big-endian bit fields and Exp-Golomb codes from a byte array. Running past the end throws
 * {@link MalformedConfigException} (with {@code what} in the message), never an index error.
 */
final class BitReader {
  private final byte[] data;
  private final int end;
  private final String what;
  private long bit;

  BitReader(byte[] data, int offset, int length, String what) {
    this.data = data;
    this.end = offset + length;
    this.what = what;
    this.bit = (long) offset * 8;
  }

  int u(int bits) {
    if (bit + bits > (long) end * 8) {
      throw new MalformedConfigException(what + " is truncated");
    }
    int v = 0;
    for (int i = 0; i < bits; i++, bit++) {
      v = (v << 1) | ((data[(int) (bit >>> 3)] >> (7 - (int) (bit & 7))) & 1);
    }
    return v;
  }

  boolean flag() {
    return u(1) == 1;
  }

  void skip(int bits) {
    if (bit + bits > (long) end * 8) {
      throw new MalformedConfigException(what + " is truncated");
    }
    bit += bits;
  }

  /** ue(v): unsigned Exp-Golomb. */
  int ue() {
    int zeros = 0;
    while (u(1) == 0) {
      if (++zeros > 31) {
        throw new MalformedConfigException(what + " has an Exp-Golomb code longer than 32 bits");
      }
    }
    long v = (1L << zeros) - 1 + (zeros == 0 ? 0 : (u(zeros) & 0xffffffffL));
    if (v > Integer.MAX_VALUE) {
      throw new MalformedConfigException(what + " has an out-of-range Exp-Golomb value");
    }
    return (int) v;
  }

  /** se(v): signed Exp-Golomb. */
  int se() {
    int k = ue();
    return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
  }
}
