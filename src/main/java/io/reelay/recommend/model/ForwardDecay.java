package io.reelay.recommend.model;

/**
 * Exponential time decay without decay passes ("forward decay", Cormode et al. 2009): an increment of weight
 * {@code w} at time {@code t} is stored as {@code w · 2^((t − epoch) / halfLife)}. A score read at time
 * {@code now} is the stored sum times {@code 2^(−(now − epoch) / halfLife)}, which equals the sum of every
 * increment decayed to {@code now}. Members of one key (and of keys with the same half-life) compare without
 * that factor at all, so ranking never needs it; stored numbers only grow and nothing is rewritten.
 *
 * <p>Overflow bound: a double holds up to 2^1024. Stored values reach {@code 2^exponent(now) · Σw}, so with
 * sums up to 2^64 the epoch must move forward before {@link #exponent} reaches about 950. {@link #needsRebase}
 * says so at {@link #REBASE_EXPONENT} (512), leaving a wide margin: with a 6-hour half-life after 128 days,
 * with 30 days after 42 years. Rebasing multiplies every stored value of the half-life's keys by
 * {@code 2^(−(newEpoch − oldEpoch) / halfLife)} and switches the epoch (the writer of a key must use one
 * epoch at a time, so a rebase is a migration into new keys, not an in-place update). Precision never needs a
 * rebase: doubles keep 53 bits relative to the largest value, and old increments are meant to fade anyway.
 */
public record ForwardDecay(long epochMillis, long halfLifeMillis) {

  /** Rebase when the exponent passes this; see the class comment. */
  public static final double REBASE_EXPONENT = 512;

  public ForwardDecay {
    if (halfLifeMillis <= 0) {
      throw new IllegalArgumentException("half-life must be positive");
    }
  }

  /** Half-lives from the epoch to {@code time}. */
  public double exponent(long time) {
    return (double) (time - epochMillis) / halfLifeMillis;
  }

  /** The factor an increment at {@code time} is stored with. */
  public double scale(long time) {
    return Math.pow(2, exponent(time));
  }

  /** A stored value decayed to {@code now}: the sum of its increments, each halved every half-life since. */
  public double valueAt(double stored, long now) {
    return stored * Math.pow(2, -exponent(now));
  }

  public boolean needsRebase(long now) {
    return exponent(now) > REBASE_EXPONENT;
  }
}
