package io.reelay.live.srt;

/** Smoothed RTT and its variation from ACK→ACKACK round trips (RFC 6298 weights, as SRT does), microseconds. */
final class RttEstimator {

  private long rtt = 100_000;
  private long var = 50_000;
  private boolean measured;

  void sample(long sample) {
    if (!measured) {
      measured = true;
      rtt = sample;
      var = sample / 2;
      return;
    }
    var = (3 * var + Math.abs(rtt - sample)) / 4;
    rtt = (7 * rtt + sample) / 8;
  }

  long rtt() {
    return rtt;
  }

  long var() {
    return var;
  }
}
