package io.reelay.recommend.serve;

import io.reelay.recommend.model.ProfileKeys;
import io.reelay.recommend.model.ProfileStore;
import io.reelay.recommend.model.Scored;
import io.reelay.recommend.model.Write;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The state as feeds read it, keeping for a moment what is the same for every request: trending lists (every
 * ranking and every cold-start page reads the global one and those of its tags), co-watch lists (a popular
 * item is the seed of many viewers' rankings) and items' popularity (read for every co-watch candidate) for
 * {@link #TRENDING_MS}, and item facts (creator and tags, written
 * at an item's first view and not changed after) for {@link #ITEM_MS}. A ranking then sends Redis only what is
 * the viewer's own (history, tags, completed and disliked sets) and what none of these holds yet; a profile
 * showed Redis replies (parsing the scores of ~300 co-watch entries per ranking) as its largest cost. What a viewer does shows in their next
 * feed at once; what the crowd does, within a quarter of a second. Thread-safe: shared by the HTTP instances.
 */
public final class SharedReads implements ProfileStore {

  static final long TRENDING_MS = 250;
  static final long ITEM_MS = 30_000;
  private static final int CAPACITY = 50_000;

  private final ProfileStore store;
  private final TtlCache<List<Scored>> lists = new TtlCache<>(CAPACITY, TRENDING_MS);
  private final TtlCache<Map<String, String>> items = new TtlCache<>(CAPACITY, ITEM_MS);
  /** Empty for an item with no popularity yet. */
  private final TtlCache<Optional<Double>> popularity = new TtlCache<>(CAPACITY, TRENDING_MS);

  public SharedReads(ProfileStore store) {
    this.store = store;
  }

  @Override
  public CompletionStage<List<Scored>> top(String key, int n) {
    if (!ProfileKeys.isTrending(key) && !ProfileKeys.isCoWatched(key)) {
      return store.top(key, n);
    }
    String cacheKey = n + " " + key;
    long now = System.currentTimeMillis();
    List<Scored> cached = lists.get(cacheKey, now);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    return store.top(key, n).thenApply(list -> {
      List<Scored> shared = List.copyOf(list);
      lists.put(cacheKey, shared, now);
      return shared;
    });
  }

  @Override
  public CompletionStage<Map<String, String>> hash(String key) {
    if (!ProfileKeys.isItem(key)) {
      return store.hash(key);
    }
    long now = System.currentTimeMillis();
    Map<String, String> cached = items.get(key, now);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    return store.hash(key).thenApply(fields -> {
      Map<String, String> shared = Map.copyOf(fields);
      if (!shared.isEmpty()) { // an item not written yet may be soon
        items.put(key, shared, now);
      }
      return shared;
    });
  }

  @Override
  public CompletionStage<Void> write(List<Write> writes) {
    return store.write(writes);
  }

  @Override
  public CompletionStage<List<String>> range(String key, int n) {
    return store.range(key, n);
  }

  /** Popularity (the co-watch normaliser) per item for {@link #TRENDING_MS}: only the members not held are read. */
  @Override
  public CompletionStage<List<Double>> scores(String key, List<String> members) {
    if (!key.equals(ProfileKeys.popular())) {
      return store.scores(key, members);
    }
    long now = System.currentTimeMillis();
    Double[] out = new Double[members.size()];
    List<String> missing = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      Optional<Double> cached = popularity.get(members.get(i), now);
      if (cached == null) {
        missing.add(members.get(i));
        at.add(i);
      } else {
        out[i] = cached.orElse(null);
      }
    }
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(Arrays.asList(out));
    }
    return store.scores(key, missing).thenApply(read -> {
      for (int j = 0; j < missing.size(); j++) {
        Double score = read.get(j);
        popularity.put(missing.get(j), Optional.ofNullable(score), now);
        out[at.get(j)] = score;
      }
      return Arrays.asList(out);
    });
  }

  @Override
  public CompletionStage<List<Boolean>> contains(String key, List<String> members) {
    return store.contains(key, members);
  }
}
