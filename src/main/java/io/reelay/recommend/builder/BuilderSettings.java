package io.reelay.recommend.builder;

/**
 * How the profile builder consumes.
 *
 * @param dedupSeconds how long an event id is remembered (an event sent again within it counts once)
 * @param maxBatch     records applied as one batch at most: the polls queued while the previous batch was written
 * @param maxInFlight  records received but not yet written before the consumer pauses (resumes at half)
 * @param commitMillis how often written offsets are committed
 * @param retryMillis  wait before retrying a record whose state write failed (Redis away)
 * @param aliveMillis  how long a consumer's write log stays its own without a sign of life; then another consumer
 *                     applies what is left in it
 */
public record BuilderSettings(long dedupSeconds, int maxBatch, int maxInFlight, long commitMillis, long retryMillis,
    long aliveMillis) {

  public static BuilderSettings defaults(long dedupSeconds) {
    return new BuilderSettings(dedupSeconds, 10_000, 20_000, 200, 1_000, 15_000);
  }
}
