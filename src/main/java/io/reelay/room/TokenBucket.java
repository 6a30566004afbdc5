package io.reelay.room;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code perSecond}. Not thread-safe: each bucket
 * is used by the one context that owns it.
 */
final class TokenBucket {

  private final double perNano;
  private final double burst;
  private double tokens;
  private long updatedNanos;

  TokenBucket(double perSecond, double burst, long nowNanos) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.updatedNanos = nowNanos;
  }

  /** Takes a token: 0 when one was available, else the milliseconds until one will be. */
  long take(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - updatedNanos) * perNano);
    updatedNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perNano / 1e6);
  }

  /** True when the bucket is full again, so its owner may forget it. */
  boolean idle(long nowNanos) {
    return tokens + (nowNanos - updatedNanos) * perNano >= burst;
  }
}
