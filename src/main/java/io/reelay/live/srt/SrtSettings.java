package io.reelay.live.srt;

import java.time.Duration;

/**
 * Limits of the SRT listener.
 *
 * @param latencyMillis our TSBPD latency; a connection uses the larger of it and what the caller asks for
 * @param idleTimeout a connection that hears nothing from its peer for this long ends (libsrt's peer idle timeout)
 * @param flowWindow packets a connection may hold (received, not yet delivered, plus holes); also the flow window
 *     we tell the caller. Packets beyond it are dropped.
 * @param maxBufferedBytes payload bytes all connections together may hold; past it arriving packets are dropped
 *     (and later asked for again), and a connection stuck over its share is closed
 * @param fullTimeout a connection whose buffer stays full (or the largest one while all buffers are) this long is
 *     closed, so it cannot starve the others
 * @param maxConnections connections (established or being admitted) beyond which callers are rejected
 * @param socketReceiveBuffer the UDP socket's receive buffer (SO_RCVBUF), bytes; the OS may cap it
 */
public record SrtSettings(int latencyMillis, Duration idleTimeout, int flowWindow, long maxBufferedBytes,
    Duration fullTimeout, int maxConnections, int socketReceiveBuffer) {

  public SrtSettings {
    if (latencyMillis < 0 || latencyMillis > 0xFFFF || idleTimeout.isNegative() || idleTimeout.isZero()
        || flowWindow < 32 || flowWindow > 1 << 20 || maxBufferedBytes < 1 << 16 || fullTimeout.isNegative()
        || maxConnections < 1 || socketReceiveBuffer < 0) {
      throw new IllegalArgumentException("invalid SRT settings");
    }
  }

  /**
   * 120 ms latency (libsrt's default), 5 s idle timeout, 8192-packet window, 256 MiB across connections, a 12 MiB
   * socket receive buffer (libsrt's default order; the OS caps it at twice net.core.rmem_max).
   */
  public static SrtSettings defaults() {
    return new SrtSettings(120, Duration.ofSeconds(5), 8192, 256L << 20, Duration.ofSeconds(2), 1000, 12 << 20);
  }

  public SrtSettings withLatencyMillis(int millis) {
    return new SrtSettings(millis, idleTimeout, flowWindow, maxBufferedBytes, fullTimeout, maxConnections,
        socketReceiveBuffer);
  }

  public SrtSettings withIdleTimeout(Duration timeout) {
    return new SrtSettings(latencyMillis, timeout, flowWindow, maxBufferedBytes, fullTimeout, maxConnections,
        socketReceiveBuffer);
  }

  public SrtSettings withBounds(int window, long bytes, Duration full) {
    return new SrtSettings(latencyMillis, idleTimeout, window, bytes, full, maxConnections, socketReceiveBuffer);
  }

  public SrtSettings withMaxConnections(int max) {
    return new SrtSettings(latencyMillis, idleTimeout, flowWindow, maxBufferedBytes, fullTimeout, max,
        socketReceiveBuffer);
  }
}
