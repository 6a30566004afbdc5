package io.reelay.recommend.builder;

import io.reelay.catalog.CatalogService;
import io.reelay.node.StreamOwners;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the profile builder needs of an item: its tags and creator, from the catalog (videos) or the live
 * capability (streams: a creator, no tags). Cached per consumer (one context, no locks), bounded, for a few
 * minutes: an item is looked up once per burst of events rather than once per event. An item that does not
 * exist is cached as such, so junk ids from clients cost one lookup.
 */
final class ItemFacts {

  /** Tags (lower case) and creator of an item; {@link #MISSING} when there is no such item. */
  record Facts(List<String> tags, String creator) {
    static final Facts MISSING = new Facts(List.of(), null);
  }

  private record Entry(Facts facts, long expiresAt) {}

  static final int CAPACITY = 20_000;
  static final long TTL_MS = 300_000;
  private static final long MISSING_TTL_MS = 30_000;

  private final CatalogService catalog;
  private final StreamOwners streams;
  private final Map<String, Entry> cache = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > CAPACITY;
    }
  };

  ItemFacts(CatalogService catalog, StreamOwners streams) {
    this.catalog = catalog;
    this.streams = streams;
  }

  Future<Facts> of(TrackedEvent e, long nowMs) {
    Entry hit = cache.get(e.item());
    if (hit != null && hit.expiresAt() > nowMs) {
      return Future.succeededFuture(hit.facts());
    }
    Future<Facts> loaded = e.stream() ? stream(e.rawId()) : video(e.rawId());
    return loaded.onSuccess(f -> cache.put(e.item(),
        new Entry(f, nowMs + (f == Facts.MISSING ? MISSING_TTL_MS : TTL_MS))));
  }

  private Future<Facts> video(String id) {
    return catalog.find(id)
        .map(v -> new Facts(v.tags().stream().map(t -> t.toLowerCase(Locale.ROOT)).distinct().toList(),
            Long.toString(v.ownerId())))
        .recover(e -> e instanceof ApiException a && a.status() == 404
            ? Future.succeededFuture(Facts.MISSING) : Future.failedFuture(e));
  }

  private Future<Facts> stream(String id) {
    return streams.ownerOf(id).map((Optional<Long> owner) -> owner
        .map(o -> new Facts(List.of(), Long.toString(o))).orElse(Facts.MISSING));
  }
}
