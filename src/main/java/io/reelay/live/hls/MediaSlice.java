package io.reelay.live.hls;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A published fragment's bytes: a run inside a shared {@link Slab}, never written after it is made, so every
 * viewer and the recording read the same bytes without copying them.
 *
 * <p>References: a slice is made with one, owned by whoever keeps the part (the playlist window, which gives it
 * back with {@link #release()} when the part leaves the window). Anyone reading it later, on another thread or
 * after returning to the event loop, takes their own with {@link #retain()} while the part is certainly held (on
 * the stream's context) and releases it when done: until every reference is back the slab is not reused.
 */
public final class MediaSlice {
  private final Slab slab;
  private final int offset;
  private final int length;

  MediaSlice(Slab slab, int offset, int length) {
    this.slab = slab;
    this.offset = offset;
    this.length = length;
  }

  /** Bytes of their own, not pooled (init segments, tests). */
  public static MediaSlice of(byte[] bytes) {
    return new MediaSlice(new Slab(bytes, null), 0, bytes.length);
  }

  public byte[] array() {
    return slab.array;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  public MediaSlice retain() {
    slab.retain();
    return this;
  }

  public void release() {
    slab.release();
  }

  /** A read-only view, for channel writes (hold a reference while it is in use). */
  public ByteBuffer asByteBuffer() {
    return ByteBuffer.wrap(slab.array, offset, length).asReadOnlyBuffer();
  }

  /** A copy in an array of its own (tests and tools). */
  public byte[] copy() {
    return Arrays.copyOfRange(slab.array, offset, offset + length);
  }
}
