package io.reelay.recommend.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link ProfileStore} in memory, with Redis' semantics (ties in a sorted set broken by member, descending, as
 * ZREVRANGE does). For offline evaluation and tests; not thread-safe: one owner.
 */
public final class MemoryProfileStore implements ProfileStore {

  /** Highest score first; ties by member descending, like ZREVRANGE. */
  private static final Comparator<Map.Entry<String, Double>> HIGHEST_FIRST =
      Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()).reversed();

  private final Map<String, Map<String, Double>> sortedSets = new HashMap<>();
  private final Map<String, Deque<String>> lists = new HashMap<>();
  private final Map<String, Set<String>> sets = new HashMap<>();
  private final Map<String, Map<String, String>> hashes = new HashMap<>();

  @Override
  public CompletionStage<Void> write(List<Write> writes) {
    for (Write w : writes) {
      apply(w);
    }
    return CompletableFuture.completedFuture(null);
  }

  private void apply(Write w) {
    // Java 17: no pattern switch yet.
    if (w instanceof Write.ZIncrBy z) {
      sortedSets.computeIfAbsent(z.key(), k -> new HashMap<>()).merge(z.member(), z.delta(), Double::sum);
    } else if (w instanceof Write.ZTrim t) {
      trim(t.key(), t.keep());
    } else if (w instanceof Write.LPushTrim l) {
      Deque<String> list = lists.computeIfAbsent(l.key(), k -> new ArrayDeque<>());
      list.addFirst(l.value());
      while (list.size() > l.keep()) {
        list.removeLast();
      }
    } else if (w instanceof Write.SAdd s) {
      sets.computeIfAbsent(s.key(), k -> new HashSet<>()).add(s.member());
    } else if (w instanceof Write.HSet h) {
      hashes.computeIfAbsent(h.key(), k -> new HashMap<>()).putAll(h.fields());
    }
  }

  private void trim(String key, int keep) {
    Map<String, Double> zset = sortedSets.get(key);
    if (zset == null || zset.size() <= keep) {
      return;
    }
    Set<String> kept = new HashSet<>();
    for (Scored s : highest(zset, keep)) {
      kept.add(s.member());
    }
    zset.keySet().retainAll(kept);
  }

  @Override
  public CompletionStage<List<String>> range(String key, int n) {
    List<String> out = new ArrayList<>();
    Iterator<String> it = lists.getOrDefault(key, new ArrayDeque<>()).iterator();
    while (it.hasNext() && out.size() < n) {
      out.add(it.next());
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public CompletionStage<List<Scored>> top(String key, int n) {
    return CompletableFuture.completedFuture(highest(sortedSets.getOrDefault(key, Map.of()), n));
  }

  /** The n highest in O(size · log n). */
  private static List<Scored> highest(Map<String, Double> zset, int n) {
    if (n <= 0) {
      return List.of();
    }
    PriorityQueue<Map.Entry<String, Double>> heap = new PriorityQueue<>(HIGHEST_FIRST.reversed());
    for (Map.Entry<String, Double> e : zset.entrySet()) {
      if (heap.size() < n) {
        heap.add(e);
      } else if (HIGHEST_FIRST.compare(e, heap.peek()) < 0) {
        heap.poll();
        heap.add(e);
      }
    }
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(heap);
    sorted.sort(HIGHEST_FIRST);
    return sorted.stream().map(e -> new Scored(e.getKey(), e.getValue())).toList();
  }

  @Override
  public CompletionStage<List<Double>> scores(String key, List<String> members) {
    requireMembers(members);
    Map<String, Double> zset = sortedSets.getOrDefault(key, Map.of());
    List<Double> out = new ArrayList<>(members.size());
    for (String m : members) {
      out.add(zset.get(m));
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public CompletionStage<List<Boolean>> contains(String key, List<String> members) {
    requireMembers(members);
    Set<String> set = sets.getOrDefault(key, Set.of());
    return CompletableFuture.completedFuture(members.stream().map(set::contains).toList());
  }

  @Override
  public CompletionStage<Map<String, String>> hash(String key) {
    return CompletableFuture.completedFuture(Map.copyOf(hashes.getOrDefault(key, Map.of())));
  }

  /** As Redis: ZMSCORE and SMISMEMBER without members are errors, so callers must not make them. */
  private static void requireMembers(List<String> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("no members");
    }
  }

  /** Keys held, for memory figures in the evaluator. */
  public int keyCount() {
    return sortedSets.size() + lists.size() + sets.size() + hashes.size();
  }
}
