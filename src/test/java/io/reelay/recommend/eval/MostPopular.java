package io.reelay.recommend.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The baseline: items by how many users interacted with them so far, minus what the user already saw. */
final class MostPopular {

  private final Map<String, Integer> users = new HashMap<>();
  private final Set<String> pairs = new HashSet<>();

  void add(Row r) {
    if (pairs.add(r.user() + '\n' + r.item())) {
      users.merge(r.item(), 1, Integer::sum);
    }
  }

  List<String> top(int k, Set<String> seen) {
    List<String> ranked = new ArrayList<>(users.keySet());
    ranked.sort(Comparator.<String>comparingInt(users::get).reversed().thenComparing(i -> i));
    List<String> out = new ArrayList<>(k);
    for (String item : ranked) {
      if (out.size() == k) {
        break;
      }
      if (!seen.contains(item)) {
        out.add(item);
      }
    }
    return out;
  }
}
