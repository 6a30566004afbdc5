package io.reelay.recommend.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Ranks items for a subject from the state {@link ProfileUpdater} keeps. Candidates come from four sources,
 * each scaled to [0, 1] and blended with the settings' weights: co-watch with the recent views (seeds, newer
 * ones weigh more), the subject's strongest tags × what trends in each, global trending, and streams live now.
 * Then: recent views, completed and disliked items are dropped, items of disliked tags are pushed down, and
 * the page is filled under the diversity quotas. A subject with no history gets trending (cold start).
 *
 * <p>Bounded reads, in three rounds a Redis client pipelines: (1) recent history and tag affinity; (2)
 * {@code seeds} co-watch lists, {@code topTags} tag trending lists, the global trending list, and the
 * popularity of seeds and co-watch candidates (one ZMSCORE); (3) per chunk of candidates taken in rank
 * order, their item hashes and two SMISMEMBERs — usually one chunk, at most {@value #MAX_CHUNKS}.
 */
public final class Recommender {

  static final int MAX_CHUNKS = 4;
  /** Each older seed counts this much less than the next newer one. */
  private static final double SEED_DECAY = 0.8;

  private final ProfileStore store;
  private final ModelSettings settings;

  public Recommender(ProfileStore store, ModelSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  public CompletionStage<List<Recommendation>> recommend(String subject, int limit, List<LiveItem> liveNow) {
    return recommend(subject, limit, liveNow, item -> false);
  }

  /** @param exclude items to leave out besides the subject's own exclusions (the evaluator's training items) */
  public CompletionStage<List<Recommendation>> recommend(String subject, int limit, List<LiveItem> liveNow,
      Predicate<String> exclude) {
    CompletionStage<List<String>> recent = store.range(ProfileKeys.userRecent(subject), settings.historySize());
    CompletionStage<List<Scored>> tags = store.top(ProfileKeys.userTags(subject), settings.coKeep());
    return recent.thenCombine(tags, (r, t) -> new Ranking(subject, limit, r, t, exclude))
        .thenCompose(ranking -> gather(ranking, liveNow))
        .thenCompose(ranking -> fill(ranking, 0));
  }

  /** Items watched with {@code item}, most related first, filled up with what trends in its tags. */
  public CompletionStage<List<Recommendation>> related(String item, int limit) {
    CompletionStage<List<Scored>> co = store.top(ProfileKeys.coWatched(item), Math.max(limit * 3, settings.coPerSeed()));
    return co.thenCompose(list -> {
      List<String> members = new ArrayList<>();
      members.add(item);
      list.forEach(s -> members.add(s.member()));
      return store.scores(ProfileKeys.popular(), members).thenApply(pops -> {
        double popItem = orZero(pops.get(0));
        List<Recommendation> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          double sim = settings.similarity().of(list.get(i).score(), popItem, orZero(pops.get(i + 1)));
          out.add(new Recommendation(list.get(i).member(), sim, new Reason(Reason.Kind.WATCHED_TOGETHER, item)));
        }
        out.sort(BY_SCORE);
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
      });
    }).thenCompose(out -> out.size() >= limit ? CompletableFuture.completedFuture(out)
        : store.hash(ProfileKeys.item(item)).thenCompose(h -> {
          List<String> itemTags = ItemMeta.from(h).tags();
          String tag = itemTags.isEmpty() ? null : itemTags.get(0);
          return trending(tag, limit * 2).thenApply(more -> {
            Set<String> have = new LinkedHashSet<>();
            out.forEach(r -> have.add(r.item()));
            for (Recommendation r : more) {
              if (out.size() < limit && !r.item().equals(item) && have.add(r.item())) {
                out.add(r);
              }
            }
            return out;
          });
        }));
  }

  /** What trends in {@code tag}, or overall when it is null. */
  public CompletionStage<List<Recommendation>> trending(String tag, int limit) {
    Reason reason = tag == null ? Reason.TRENDING : new Reason(Reason.Kind.POPULAR_IN, tag);
    return store.top(tag == null ? ProfileKeys.trending() : ProfileKeys.trending(tag), limit)
        .thenApply(list -> list.stream().map(s -> new Recommendation(s.member(), s.score(), reason)).toList());
  }

  private static final Comparator<Recommendation> BY_SCORE =
      Comparator.comparingDouble(Recommendation::score).reversed().thenComparing(Recommendation::item);

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }

  /** Round 2: candidate lists of every source, then scores. */
  private CompletionStage<Ranking> gather(Ranking r, List<LiveItem> liveNow) {
    List<CompletionStage<List<Scored>>> co = r.seeds.stream()
        .map(seed -> store.top(ProfileKeys.coWatched(seed), settings.coPerSeed())).toList();
    List<CompletionStage<List<Scored>>> byTag = r.topTags.stream()
        .map(t -> store.top(ProfileKeys.trending(t.member()), settings.perTag())).toList();
    CompletionStage<List<Scored>> global = store.top(ProfileKeys.trending(), settings.trendingItems());
    CompletionStage<List<List<Scored>>> coLists = Stages.all(co);
    CompletionStage<List<List<Scored>>> tagLists = Stages.all(byTag);
    return coLists.thenCompose(cl -> {
      List<String> members = new ArrayList<>(r.seeds);
      cl.forEach(list -> list.forEach(s -> members.add(s.member())));
      CompletionStage<List<Double>> pops = settings.similarity() == Similarity.COUNT || r.seeds.isEmpty()
          ? CompletableFuture.completedFuture(null) : store.scores(ProfileKeys.popular(), members);
      return pops.thenCombine(tagLists, (p, tl) -> {
        r.scoreCoWatched(cl, p);
        r.scoreTags(tl);
        return r;
      });
    }).thenCombine(global, (ranking, g) -> {
      ranking.scoreTrending(g);
      ranking.scoreLive(liveNow);
      ranking.blend();
      return ranking;
    });
  }

  /** Round 3, repeated per chunk: item facts and exclusions, penalties, then the page under diversity quotas. */
  private CompletionStage<List<Recommendation>> fill(Ranking r, int chunks) {
    int chunkSize = Math.max(r.limit * 3, 30);
    List<Candidate> chunk = new ArrayList<>();
    while (r.next < r.ranked.size() && chunk.size() < chunkSize) {
      chunk.add(r.ranked.get(r.next++));
    }
    if (chunk.isEmpty()) { // nothing to rank at all (an empty store)
      return CompletableFuture.completedFuture(List.of());
    }
    List<String> ids = chunk.stream().map(c -> c.item).toList();
    List<CompletionStage<ItemMeta>> metas = chunk.stream()
        .map(c -> c.meta != null ? CompletableFuture.completedFuture(c.meta)
            : store.hash(ProfileKeys.item(c.item)).thenApply(ItemMeta::from))
        .toList();
    CompletionStage<List<Boolean>> completed = store.contains(ProfileKeys.userCompleted(r.subject), ids);
    CompletionStage<List<Boolean>> disliked = store.contains(ProfileKeys.userDisliked(r.subject), ids);
    return Stages.all(metas).thenCombine(completed.thenCombine(disliked, (c, d) -> List.of(c, d)), (m, cd) -> {
      for (int i = 0; i < chunk.size(); i++) {
        if (!cd.get(0).get(i) && !cd.get(1).get(i)) {
          Candidate c = chunk.get(i);
          c.meta = m.get(i);
          c.score -= settings.dislikedTagPenalty() * r.dislike(c.meta);
          r.resolved.add(c);
        }
      }
      r.resolved.sort(Candidate.BY_SCORE);
      return Diversity.page(r.resolved, c -> c.meta, r.limit, settings.maxPerCreator(), settings.maxPerTag());
    }).thenCompose(page -> {
      boolean more = r.next < r.ranked.size() && chunks + 1 < MAX_CHUNKS;
      // A pushed-down item may still be on the page while an unread candidate would outrank it.
      boolean settled = page.size() == r.limit
          && (r.next >= r.ranked.size() || page.get(page.size() - 1).score >= r.ranked.get(r.next).score);
      if (more && !settled) {
        return fill(r, chunks + 1);
      }
      return CompletableFuture.completedFuture(page.stream().map(Candidate::recommendation).toList());
    });
  }

  /** One candidate item: its score per source and the strongest reason of each. */
  private static final class Candidate {
    static final Comparator<Candidate> BY_SCORE =
        Comparator.<Candidate>comparingDouble(c -> c.score).reversed().thenComparing(c -> c.item);

    final String item;
    double co;
    double coBest;
    String coSeed;
    double tag;
    double tagBest;
    String tagName;
    double trend;
    double live;
    String liveTag;
    double score;
    Reason reason;
    ItemMeta meta;

    Candidate(String item) {
      this.item = item;
    }

    Recommendation recommendation() {
      return new Recommendation(item, score, reason);
    }
  }

  /** The state of one request across its rounds. */
  private final class Ranking {
    final String subject;
    final int limit;
    final Predicate<String> exclude;
    final List<String> seeds = new ArrayList<>();
    final Set<String> recentItems = new LinkedHashSet<>();
    final Map<String, Double> affinity = new HashMap<>();
    final List<Scored> topTags = new ArrayList<>();
    final double positiveSum;
    final double maxAbs;
    final Map<String, Candidate> candidates = new LinkedHashMap<>();
    List<Candidate> ranked = List.of();
    final List<Candidate> resolved = new ArrayList<>();
    int next;

    Ranking(String subject, int limit, List<String> recent, List<Scored> tags, Predicate<String> exclude) {
      this.subject = subject;
      this.limit = limit;
      this.exclude = exclude;
      for (String entry : recent) {
        String item = RecentEntry.decode(entry).item();
        if (recentItems.add(item) && seeds.size() < settings.seeds()) {
          seeds.add(item);
        }
      }
      double sum = 0;
      double max = 0;
      for (Scored t : tags) {
        affinity.put(t.member(), t.score());
        max = Math.max(max, Math.abs(t.score()));
        if (t.score() > 0 && topTags.size() < settings.topTags()) {
          topTags.add(t);
          sum += t.score();
        }
      }
      positiveSum = sum;
      maxAbs = max;
    }

    Candidate candidate(String item) {
      return candidates.computeIfAbsent(item, Candidate::new);
    }

    void scoreCoWatched(List<List<Scored>> lists, List<Double> pops) {
      int p = seeds.size();
      double seedWeight = 1;
      for (int s = 0; s < seeds.size(); s++, seedWeight *= SEED_DECAY) {
        double popSeed = pops == null ? 0 : orZero(pops.get(s));
        for (Scored co : lists.get(s)) {
          double popItem = pops == null ? 0 : orZero(pops.get(p));
          p++;
          double contribution = seedWeight * settings.similarity().of(co.score(), popSeed, popItem);
          if (contribution <= 0) {
            continue;
          }
          Candidate c = candidate(co.member());
          c.co += contribution;
          if (contribution > c.coBest) {
            c.coBest = contribution;
            c.coSeed = seeds.get(s);
          }
        }
      }
    }

    void scoreTags(List<List<Scored>> lists) {
      for (int t = 0; t < topTags.size(); t++) {
        List<Scored> list = lists.get(t);
        if (list.isEmpty() || list.get(0).score() <= 0) {
          continue;
        }
        double share = topTags.get(t).score() / positiveSum;
        double top = list.get(0).score();
        for (Scored s : list) {
          double contribution = share * Math.max(0, s.score()) / top;
          Candidate c = candidate(s.member());
          c.tag += contribution;
          if (contribution > c.tagBest) {
            c.tagBest = contribution;
            c.tagName = topTags.get(t).member();
          }
        }
      }
    }

    void scoreTrending(List<Scored> list) {
      if (list.isEmpty() || list.get(0).score() <= 0) {
        return;
      }
      double top = list.get(0).score();
      for (Scored s : list) {
        candidate(s.member()).trend = Math.max(0, s.score()) / top;
      }
    }

    void scoreLive(List<LiveItem> live) {
      long most = live.stream().mapToLong(LiveItem::viewers).max().orElse(0);
      for (LiveItem l : live) {
        double match = 0;
        String matched = null;
        for (String t : l.tags()) {
          double a = affinity.getOrDefault(t, 0.0);
          if (a > 0 && positiveSum > 0 && a / positiveSum > match) {
            match = a / positiveSum;
            matched = t;
          }
        }
        Candidate c = candidate(l.item());
        c.live = (most > 0 ? (double) l.viewers() / most : 0) * (0.2 + 0.8 * match);
        c.liveTag = matched;
        c.meta = new ItemMeta(l.creator(), l.tags());
      }
    }

    /** Each source scaled to [0, 1], weighted, summed; the reason is the largest term. */
    void blend() {
      double maxCo = candidates.values().stream().mapToDouble(c -> c.co).max().orElse(0);
      double maxTag = candidates.values().stream().mapToDouble(c -> c.tag).max().orElse(0);
      List<Candidate> kept = new ArrayList<>();
      for (Candidate c : candidates.values()) {
        if (recentItems.contains(c.item) || exclude.test(c.item)) {
          continue;
        }
        double co = maxCo > 0 ? settings.coWeight() * c.co / maxCo : 0;
        double tag = maxTag > 0 ? settings.tagWeight() * c.tag / maxTag : 0;
        double trend = settings.trendWeight() * c.trend;
        double live = settings.liveWeight() * c.live;
        c.score = co + tag + trend + live;
        double best = Math.max(Math.max(co, tag), Math.max(trend, live));
        c.reason = best == co && co > 0 ? new Reason(Reason.Kind.BECAUSE_YOU_WATCHED, c.coSeed)
            : best == tag && tag > 0 ? new Reason(Reason.Kind.POPULAR_IN, c.tagName)
            : best == live && live > 0 ? new Reason(Reason.Kind.LIVE_NOW, c.liveTag)
            : Reason.TRENDING;
        kept.add(c);
      }
      kept.sort(Candidate.BY_SCORE);
      ranked = kept;
    }

    /** How disliked the item's most disliked tag is, 0..1 of the subject's strongest affinity. */
    double dislike(ItemMeta meta) {
      double worst = 0;
      for (String t : meta.tags()) {
        worst = Math.max(worst, -affinity.getOrDefault(t, 0.0));
      }
      return maxAbs > 0 ? worst / maxAbs : 0;
    }
  }
}
