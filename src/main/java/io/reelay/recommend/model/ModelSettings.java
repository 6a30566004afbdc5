package io.reelay.recommend.model;

import java.time.Duration;

/**
 * The knobs of the model. Counts bound the work: an update touches at most {@code 2 · coWindow} co-watch
 * entries, and a ranking reads {@code seeds} co-watch lists, {@code topTags} tag lists and one trending list.
 *
 * @param signals          event → weight
 * @param profile          decay of tag affinity, co-watch weights and popularity (default half-life 30 days, as
 *                         SAR's default time decay)
 * @param trending         decay of trending scores (default half-life 1 day)
 * @param session          two views further apart than this do not co-occur
 * @param coWindow         previous views an engaged event co-occurs with (and the history read per update)
 * @param historySize      recent views kept per subject (also excluded from recommendations)
 * @param coKeep           co-watch entries kept per item (trimmed every {@code trimEvery} new views)
 * @param trimEvery        how often, in new views, the updater trims the viewed item's co-watch set
 * @param seeds            recent views that seed co-watch candidates
 * @param coPerSeed        co-watch candidates read per seed
 * @param topTags          a subject's strongest tags read for tag candidates
 * @param perTag           trending items read per tag
 * @param trendingItems    globally trending items read (cold start, filler)
 * @param similarity       co-watch normalisation
 * @param coWeight         blend weight of the co-watch score (each source is scaled to [0, 1] first)
 * @param tagWeight        blend weight of tag affinity × trending in the tag
 * @param trendWeight      blend weight of global trending
 * @param liveWeight       blend weight of live-now items
 * @param dislikedTagPenalty subtracted (× the tag's share of the subject's negative affinity) per disliked tag
 * @param maxPerCreator    diversity: items of one creator per page
 * @param maxPerTag        diversity: items of one tag per page
 */
public record ModelSettings(Signals signals, ForwardDecay profile, ForwardDecay trending, Duration session,
    int coWindow, int historySize, int coKeep, int trimEvery, int seeds, int coPerSeed, int topTags, int perTag,
    int trendingItems, Similarity similarity, double coWeight, double tagWeight, double trendWeight,
    double liveWeight, double dislikedTagPenalty, int maxPerCreator, int maxPerTag) {

  /** 2026-01-01T00:00:00Z: the default forward-decay epoch. */
  public static final long EPOCH_2026 = 1_767_225_600_000L;

  public static ModelSettings defaults() {
    return defaults(EPOCH_2026);
  }

  public static ModelSettings defaults(long epochMillis) {
    return new ModelSettings(Signals.defaults(), new ForwardDecay(epochMillis, Duration.ofDays(30).toMillis()),
        new ForwardDecay(epochMillis, Duration.ofDays(1).toMillis()), Duration.ofHours(2), 20, 50, 200, 16, 10,
        30, 5, 30, 50, Similarity.COSINE, 1.0, 0.5, 0.1, 0.5, 0.5, 2, 4);
  }

  public ModelSettings withSimilarity(Similarity s) {
    return new ModelSettings(signals, profile, trending, session, coWindow, historySize, coKeep, trimEvery, seeds,
        coPerSeed, topTags, perTag, trendingItems, s, coWeight, tagWeight, trendWeight, liveWeight,
        dislikedTagPenalty, maxPerCreator, maxPerTag);
  }

  public ModelSettings withDecay(ForwardDecay profile, ForwardDecay trending) {
    return new ModelSettings(signals, profile, trending, session, coWindow, historySize, coKeep, trimEvery, seeds,
        coPerSeed, topTags, perTag, trendingItems, similarity, coWeight, tagWeight, trendWeight, liveWeight,
        dislikedTagPenalty, maxPerCreator, maxPerTag);
  }

  public ModelSettings withDiversity(int maxPerCreator, int maxPerTag) {
    return new ModelSettings(signals, profile, trending, session, coWindow, historySize, coKeep, trimEvery, seeds,
        coPerSeed, topTags, perTag, trendingItems, similarity, coWeight, tagWeight, trendWeight, liveWeight,
        dislikedTagPenalty, maxPerCreator, maxPerTag);
  }
}
