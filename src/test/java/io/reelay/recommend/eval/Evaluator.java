package io.reelay.recommend.eval;

import io.reelay.recommend.model.ForwardDecay;
import io.reelay.recommend.model.Interaction;
import io.reelay.recommend.model.MemoryProfileStore;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.model.Recommendation;
import io.reelay.recommend.model.Recommender;
import io.reelay.recommend.model.Similarity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Offline evaluation (issue 6, item 5): replays the training part of an interaction file in time order through
 * the production model ({@link ProfileUpdater} into a {@link MemoryProfileStore}), asks {@link Recommender} for
 * each test user's top k at the moment of the user's first held-out row, and scores it against the held-out
 * rows beside most-popular baselines on the same split: popularity at that same moment (the fair one) and over
 * the whole training set (the classic one, which sees the future). All leave out the user's training items
 * ("remove seen", as SAR's evaluation does). The protocol is
 * in docs/recommendations.md; running it in bench/recommend/README.md.
 *
 * <pre>
 * Evaluator FILE [--k 10] [--holdout-fraction 0.25 | --holdout N] [--similarity cosine|count|jaccard|lift|all]
 *           [--profile-half-life-days 30] [--trending-half-life-days 1] [--relevant-at 0]
 * </pre>
 */
public final class Evaluator {

  /**
   * @param relevantAt held-out rows count as relevant from this watch fraction (0: all, as SAR's protocol)
   */
  record Options(int k, double holdoutFraction, int holdoutCount, List<Similarity> similarities,
      Duration profileHalfLife, Duration trendingHalfLife, double relevantAt) {

    static Options defaults() {
      return new Options(10, Split.DEFAULT_FRACTION, 0, List.of(Similarity.COSINE), Duration.ofDays(30),
          Duration.ofDays(1), 0);
    }

    Options withSimilarities(List<Similarity> s) {
      return new Options(k, holdoutFraction, holdoutCount, s, profileHalfLife, trendingHalfLife, relevantAt);
    }
  }

  /** What a run found; the store stays readable (the CI test inspects the learned profiles). */
  record Evaluation(Split split, MemoryProfileStore store, ModelSettings settings, List<Metrics.Result> results,
      long events, double replaySeconds, double rankMillisMean, int catalogue) {

    Metrics.Result result(String name) {
      return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    String report(int k) {
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT,
          "rows %d (train %d), test users %d, catalogue %d items; replay %d events in %.2f s (%.0f events/s, in memory);"
              + " ranking %.3f ms per user (in memory)%n",
          split.train().size() + split.test().values().stream().mapToInt(List::size).sum(), split.train().size(),
          split.test().size(), catalogue, events, replaySeconds, events / replaySeconds, rankMillisMean));
      results.forEach(r -> out.append(r.line(k)).append('\n'));
      return out.toString();
    }
  }

  private Evaluator() {
  }

  static Evaluation run(List<Row> rows, Options o) {
    Split split = Split.chronological(rows, o.holdoutFraction(), o.holdoutCount());
    // The epoch is the data's first moment: MovieLens' 1997 timestamps would underflow a 2026 epoch.
    long epoch = split.train().isEmpty() ? 0 : split.train().get(0).time();
    ModelSettings settings = ModelSettings.defaults(epoch)
        .withDecay(new ForwardDecay(epoch, o.profileHalfLife().toMillis()),
            new ForwardDecay(epoch, o.trendingHalfLife().toMillis()));
    MemoryProfileStore store = new MemoryProfileStore();
    ProfileUpdater updater = new ProfileUpdater(store, settings);
    List<Recommender> recommenders = o.similarities().stream()
        .map(s -> new Recommender(store, settings.withSimilarity(s))).toList();
    List<Metrics> models = o.similarities().stream().map(s -> new Metrics(o.k())).toList();
    Metrics popularThen = new Metrics(o.k());
    Metrics popularAll = new Metrics(o.k());
    MostPopular popular = new MostPopular();

    Map<String, Set<String>> seen = new HashMap<>();
    Set<String> catalogue = new HashSet<>();
    for (Row r : split.train()) {
      seen.computeIfAbsent(r.user(), u -> new HashSet<>()).add(r.item());
      catalogue.add(r.item());
    }
    // Each test user is asked at the moment of their first held-out row, with the state of that moment
    // (no one's later rows replayed yet), as a live system would have been.
    List<Map.Entry<String, List<Row>>> questions = new ArrayList<>(split.test().entrySet());
    questions.removeIf(e -> relevant(e.getValue(), o.relevantAt()).isEmpty());
    questions.sort(Comparator.comparingLong(e -> e.getValue().get(0).time()));
    int asked = 0;
    long events = 0;
    long replayNanos = 0;
    long rankNanos = 0;
    for (Row r : split.train()) {
      while (asked < questions.size() && questions.get(asked).getValue().get(0).time() <= r.time()) {
        rankNanos += ask(questions.get(asked++), o, seen, recommenders, models, popular, popularThen);
      }
      long t0 = System.nanoTime();
      for (Interaction e : RowEvents.of(r)) {
        updater.record(e).toCompletableFuture().join();
        events++;
      }
      replayNanos += System.nanoTime() - t0;
      popular.add(r);
    }
    while (asked < questions.size()) {
      rankNanos += ask(questions.get(asked++), o, seen, recommenders, models, popular, popularThen);
    }
    for (Map.Entry<String, List<Row>> q : questions) {
      popularAll.add(popular.top(o.k(), seen.getOrDefault(q.getKey(), Set.of())), relevant(q.getValue(), o.relevantAt()));
    }
    List<Metrics.Result> results = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      results.add(models.get(i).result("model (" + o.similarities().get(i).name().toLowerCase(Locale.ROOT) + ")",
          catalogue.size()));
    }
    results.add(popularThen.result("most popular", catalogue.size()));
    results.add(popularAll.result("most popular (end)", catalogue.size()));
    int calls = questions.size() * recommenders.size();
    return new Evaluation(split, store, settings, results, events, replayNanos / 1e9,
        calls == 0 ? 0 : rankNanos / 1e6 / calls, catalogue.size());
  }

  /** Asks every model and the baseline for one test user; returns the nanoseconds the models took. */
  private static long ask(Map.Entry<String, List<Row>> question, Options o, Map<String, Set<String>> seen,
      List<Recommender> recommenders, List<Metrics> models, MostPopular popular, Metrics popularThen) {
    String user = question.getKey();
    Set<String> relevant = relevant(question.getValue(), o.relevantAt());
    Set<String> userSeen = seen.getOrDefault(user, Set.of());
    long nanos = 0;
    for (int i = 0; i < recommenders.size(); i++) {
      long t0 = System.nanoTime();
      List<Recommendation> page = recommenders.get(i).recommend(user, o.k(), List.of(), userSeen::contains)
          .toCompletableFuture().join();
      nanos += System.nanoTime() - t0;
      models.get(i).add(page.stream().map(Recommendation::item).toList(), relevant);
    }
    popularThen.add(popular.top(o.k(), userSeen), relevant);
    return nanos;
  }

  private static Set<String> relevant(List<Row> held, double relevantAt) {
    Set<String> out = new HashSet<>();
    for (Row r : held) {
      if (r.watchFraction() >= relevantAt) {
        out.add(r.item());
      }
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: Evaluator FILE [--k 10] [--holdout-fraction 0.25 | --holdout N]"
          + " [--similarity cosine|count|jaccard|lift|all] [--profile-half-life-days 30]"
          + " [--trending-half-life-days 1] [--relevant-at 0]");
      System.exit(2);
    }
    Options o = Options.defaults();
    int k = o.k();
    double fraction = o.holdoutFraction();
    int count = 0;
    List<Similarity> sims = o.similarities();
    Duration profile = o.profileHalfLife();
    Duration trending = o.trendingHalfLife();
    double relevantAt = 0;
    for (int i = 1; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--k" -> k = Integer.parseInt(v);
        case "--holdout-fraction" -> fraction = Double.parseDouble(v);
        case "--holdout" -> count = Integer.parseInt(v);
        case "--similarity" -> sims = v.equals("all") ? Arrays.asList(Similarity.values())
            : List.of(Similarity.valueOf(v.toUpperCase(Locale.ROOT)));
        case "--profile-half-life-days" -> profile = Duration.ofSeconds((long) (Double.parseDouble(v) * 86400));
        case "--trending-half-life-days" -> trending = Duration.ofSeconds((long) (Double.parseDouble(v) * 86400));
        case "--relevant-at" -> relevantAt = Double.parseDouble(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path file = Path.of(args[0]);
    List<Row> rows = InteractionFile.read(file);
    Options options = new Options(k, fraction, count, sims, profile, trending, relevantAt);
    System.out.println("file " + file + "; k " + k + ", holdout "
        + (count > 0 ? "last " + count : "last " + Math.round(fraction * 100) + "%") + " per user, half-lives "
        + profile + " (profile) / " + trending + " (trending), relevant at watch fraction >= " + relevantAt);
    System.out.print(run(rows, options).report(k));
  }
}
