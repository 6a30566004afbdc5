package io.reelay.recommend.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fills a page from a ranked list, skipping an item when its creator or one of its tags already has its
 * quota on the page. Strict: a page may come out short rather than break a quota (the caller offers more
 * candidates first).
 */
final class Diversity {

  private Diversity() {
  }

  static <T> List<T> page(List<T> ranked, Function<T, ItemMeta> meta, int limit, int maxPerCreator,
      int maxPerTag) {
    List<T> page = new ArrayList<>(limit);
    Map<String, Integer> creators = new HashMap<>();
    Map<String, Integer> tags = new HashMap<>();
    for (T candidate : ranked) {
      if (page.size() == limit) {
        break;
      }
      ItemMeta m = meta.apply(candidate);
      if (m.creator() != null && creators.getOrDefault(m.creator(), 0) >= maxPerCreator) {
        continue;
      }
      if (m.tags().stream().anyMatch(t -> tags.getOrDefault(t, 0) >= maxPerTag)) {
        continue;
      }
      page.add(candidate);
      if (m.creator() != null) {
        creators.merge(m.creator(), 1, Integer::sum);
      }
      m.tags().forEach(t -> tags.merge(t, 1, Integer::sum));
    }
    return page;
  }
}
