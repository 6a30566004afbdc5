package io.reelay.media.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes ISO BMFF boxes big-endian into one byte array. Sized exactly by the caller where it can be (fragments),
 * so the array is the result with no copy; grows by doubling otherwise (init segments, written once per stream).
 * Or writes into a given run of someone else's array (a live fragment straight into its slab), which never grows.
 */
final class BoxWriter {
  private byte[] buf;
  private int pos;
  /** Where writing must stop: the end of the given run, or -1 for an array of our own that grows. */
  private final int limit;
  private final int[] open = new int[16];
  private int depth;

  BoxWriter(int capacity) {
    this.buf = new byte[capacity];
    this.limit = -1;
  }

  /** Writes {@code into[offset, offset + length)}; not zeroed beforehand (it may be a reused slab). */
  BoxWriter(byte[] into, int offset, int length) {
    this.buf = into;
    this.pos = offset;
    this.limit = offset + length;
  }

  /** Opens a box; its size is filled in by {@link #end()}. */
  BoxWriter begin(String type) {
    open[depth++] = pos;
    u32(0);
    return fourcc(type);
  }

  /** Opens a full box: version and flags after the type. */
  BoxWriter beginFull(String type, int version, int flags) {
    begin(type);
    return u32((version << 24) | (flags & 0xffffff));
  }

  BoxWriter end() {
    int start = open[--depth];
    int size = pos - start;
    buf[start] = (byte) (size >>> 24);
    buf[start + 1] = (byte) (size >>> 16);
    buf[start + 2] = (byte) (size >>> 8);
    buf[start + 3] = (byte) size;
    return this;
  }

  BoxWriter u8(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
    return this;
  }

  BoxWriter u16(int v) {
    ensure(2);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  BoxWriter u24(int v) {
    return u8(v >>> 16).u16(v);
  }

  BoxWriter u32(int v) {
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  BoxWriter u64(long v) {
    return u32((int) (v >>> 32)).u32((int) v);
  }

  BoxWriter zeros(int n) {
    ensure(n);
    Arrays.fill(buf, pos, pos + n, (byte) 0); // a given run may hold old bytes
    pos += n;
    return this;
  }

  BoxWriter fourcc(String type) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[pos++] = (byte) type.charAt(i);
    }
    return this;
  }

  BoxWriter bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  BoxWriter bytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
    return this;
  }

  BoxWriter string(String s) { // NUL-terminated UTF-8
    return bytes(s.getBytes(StandardCharsets.UTF_8)).u8(0);
  }

  /** The 3x3 unity transformation matrix of mvhd and tkhd. */
  BoxWriter unityMatrix() {
    return u32(0x00010000).u32(0).u32(0).u32(0).u32(0x00010000).u32(0).u32(0).u32(0).u32(0x40000000);
  }

  int position() {
    return pos;
  }

  /** The bytes written: the array itself when it was sized exactly. */
  byte[] toByteArray() {
    return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
  }

  private void ensure(int n) {
    if (limit >= 0 && pos + n > limit) {
      throw new IllegalStateException("box bytes beyond the given run: " + (pos + n - limit) + " over");
    }
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }
}
