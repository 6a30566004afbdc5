package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;

/**
 * The packets of one connection from the first undelivered sequence number ({@link #base}) on: a ring indexed by
 * sequence number, holding what arrived, holes, and packets the sender gave up. It starts small and doubles up to
 * the flow window, so an idle or low-rate connection costs little.
 */
final class ReceiveBuffer {

  static final byte MISSING = 0;
  static final byte PRESENT = 1;
  static final byte DROPPED = 2;

  private final int window;
  private final int maxCapacity;
  private Buffer[] payloads;
  private long[] times;
  private byte[] states;
  private byte[] positions;
  private int mask;
  private int base;
  private int span;
  private long bytes;
  private int present;

  ReceiveBuffer(int isn, int window) {
    this.window = window;
    this.maxCapacity = Integer.highestOneBit(window - 1) << 1;
    this.base = isn;
    allocate(Math.min(256, maxCapacity));
  }

  /** Sequence number of the first undelivered packet. */
  int base() {
    return base;
  }

  /** Slots from {@link #base} to the highest sequence number seen, inclusive (0: nothing held). */
  int span() {
    return span;
  }

  int window() {
    return window;
  }

  /** Payload bytes held. */
  long bytes() {
    return bytes;
  }

  /** Packets held (not holes). */
  int present() {
    return present;
  }

  int offset(int seq) {
    return SeqNo.diff(seq, base);
  }

  byte state(int offset) {
    return offset < span ? states[index(offset)] : MISSING;
  }

  Buffer payload(int offset) {
    return payloads[index(offset)];
  }

  /** The sender's timestamp of the packet, extended past its 32-bit wrap. */
  long timestamp(int offset) {
    return times[index(offset)];
  }

  int position(int offset) {
    return positions[index(offset)];
  }

  /** Stores a packet at {@code 0 <= offset < window} whose slot is not {@link #PRESENT}. */
  void put(int offset, Buffer payload, long timestamp, int position) {
    cover(offset);
    int i = index(offset);
    payloads[i] = payload;
    times[i] = timestamp;
    positions[i] = (byte) position;
    states[i] = PRESENT;
    bytes += payload.length();
    present++;
  }

  /** The sender gave up a packet that has not arrived: nothing will wait for it. */
  void markDropped(int offset) {
    cover(offset);
    int i = index(offset);
    if (states[i] == MISSING) {
      states[i] = DROPPED;
    }
  }

  /** Forgets the first {@code n} slots; returns the payload bytes released. */
  long advance(int n) {
    long freed = 0;
    for (int k = 0; k < n && k < span; k++) {
      int i = index(k);
      if (states[i] == PRESENT) {
        freed += payloads[i].length();
        present--;
      }
      payloads[i] = null;
      states[i] = MISSING;
    }
    span = Math.max(0, span - n);
    base = SeqNo.add(base, n);
    bytes -= freed;
    return freed;
  }

  /** Releases everything (the connection is over); returns the payload bytes released. */
  long clear() {
    return advance(span);
  }

  private void cover(int offset) {
    if (offset < 0 || offset >= window) {
      throw new IllegalArgumentException("offset " + offset + " outside the window");
    }
    while (offset >= states.length) {
      grow();
    }
    span = Math.max(span, offset + 1);
  }

  private int index(int offset) {
    return (base + offset) & mask;
  }

  private void grow() {
    Buffer[] p = payloads;
    long[] t = times;
    byte[] s = states;
    byte[] pos = positions;
    int oldMask = mask;
    allocate(Math.min(maxCapacity, states.length * 2));
    for (int k = 0; k < span; k++) {
      int from = (base + k) & oldMask;
      int to = index(k);
      payloads[to] = p[from];
      times[to] = t[from];
      states[to] = s[from];
      positions[to] = pos[from];
    }
  }

  private void allocate(int capacity) {
    payloads = new Buffer[capacity];
    times = new long[capacity];
    states = new byte[capacity];
    positions = new byte[capacity];
    mask = capacity - 1;
  }
}
