package io.reelay.live.srt;

/**
 * Timestamp-based packet delivery: maps the sender's 32-bit microsecond timestamps to local delivery times
 * ({@code base + timestamp + latency}). The base is fixed at the conclusion handshake (local arrival time minus
 * its timestamp, so the one-way delay is inside it) and follows the sender's clock drift: ACKACKs carry the
 * sender's time, and when their average offset over {@value #DRIFT_SAMPLES} samples is beyond ±5 ms the base moves
 * by what is beyond (as libsrt's drift tracer does), but by at most {@value #MAX_STEP} µs at a time. The samples
 * also carry the delays of a busy event loop, and a base moved earlier at once would make every held packet
 * overdue at once; real clocks drift by tens of microseconds per second, which such steps follow easily.
 * Timestamps wrap every 2^32 µs (about 71 minutes); each is extended to 64 bits next to the latest one.
 */
final class TsbpdClock {

  static final int DRIFT_SAMPLES = 1000;
  private static final long MAX_DRIFT = 5_000;
  static final long MAX_STEP = 2_000;
  private static final long WRAP = 1L << 32;

  private final long latency;
  private long base;
  private long latest;
  private long driftSum;
  private int driftCount;

  /**
   * @param arrival local time (µs) the conclusion handshake arrived
   * @param handshakeTimestamp its timestamp
   */
  TsbpdClock(long arrival, int handshakeTimestamp, long latencyMicros) {
    this.latency = latencyMicros;
    this.latest = handshakeTimestamp & 0xFFFF_FFFFL;
    this.base = arrival - latest;
  }

  /** The sender's timestamp as a 64-bit time, on the side of the wrap nearest the latest one seen. */
  long extend(int timestamp) {
    long t = (latest & ~0xFFFF_FFFFL) | (timestamp & 0xFFFF_FFFFL);
    if (t - latest > WRAP / 2) {
      t -= WRAP;
    } else if (latest - t > WRAP / 2) {
      t += WRAP;
    }
    latest = Math.max(latest, t);
    return t;
  }

  /** Local time (µs) a packet with this (extended) timestamp is due. */
  long deliveryTime(long extendedTimestamp) {
    return base + extendedTimestamp + latency;
  }

  long latencyMicros() {
    return latency;
  }

  /** A control packet (ACKACK) sent at {@code timestamp} by the peer arrived at local time {@code arrival}. */
  void driftSample(long arrival, int timestamp) {
    driftSum += arrival - (base + extend(timestamp));
    if (++driftCount < DRIFT_SAMPLES) {
      return;
    }
    long drift = driftSum / driftCount;
    driftSum = 0;
    driftCount = 0;
    if (Math.abs(drift) > MAX_DRIFT) {
      long beyond = drift - Long.signum(drift) * MAX_DRIFT;
      base += Math.max(-MAX_STEP, Math.min(MAX_STEP, beyond));
    }
  }
}
