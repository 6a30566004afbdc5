package io.reelay.transcode;

/** Turns progress fractions into percent and an ETA, from the rate since the job started. */
final class ProgressMeter {

  private final long startNanos = System.nanoTime();

  /** Seconds left at the average rate so far, or null before there is a rate to go on. */
  Integer etaSeconds(double fraction) {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    if (fraction <= 0.01 || elapsed < 0.5) {
      return null;
    }
    return (int) Math.ceil(elapsed * (1 - fraction) / fraction);
  }
}
