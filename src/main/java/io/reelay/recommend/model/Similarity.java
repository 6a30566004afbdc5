package io.reelay.recommend.model;

/**
 * How a co-watch weight is normalised at read time, from the pair's weight and each item's popularity (all
 * stored with the same forward decay, so the decay factor cancels for every measure but {@link #LIFT}, which
 * ranks the same anyway). Raw counts let a hit that everyone watches be "related" to everything; the default,
 * cosine, divides by the geometric mean of the two popularities: an item must be watched with the seed more
 * than its own popularity predicts, without lift's bias toward items seen once or twice. The evaluator
 * measures all four on the same replay (bench/RESULTS.md).
 */
public enum Similarity {
  /** The co-watch weight as stored. */
  COUNT,
  /** co / sqrt(pop_i · pop_j). */
  COSINE,
  /** co / (pop_i + pop_j − co), as SAR's default. */
  JACCARD,
  /** co / (pop_i · pop_j). */
  LIFT;

  public double of(double co, double popI, double popJ) {
    if (co <= 0) {
      return 0;
    }
    return switch (this) {
      case COUNT -> co;
      case COSINE -> popI > 0 && popJ > 0 ? co / Math.sqrt(popI * popJ) : 0;
      case JACCARD -> popI + popJ - co > 0 ? co / (popI + popJ - co) : 0;
      case LIFT -> popI > 0 && popJ > 0 ? co / (popI * popJ) : 0;
    };
  }
}
