package io.reelay.playback;

import io.reelay.catalog.VideoStatus;
import io.reelay.catalog.Visibility;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What playback needs to know of a video: who may play it, whether it is ready, and where its files are.
 * A player asks for a segment every few seconds, so found videos are remembered for {@link #TTL_MS}
 * (a status or visibility change takes effect within that), and concurrent misses share one query.
 *
 * <p>One instance per HTTP instance, used only from that instance's event loop (the pool completes on
 * the caller's context), so the map needs no locking.
 */
final class VodIndex {

  /** @param mediaPath the content's directory relative to the storage dir; null while it has no content */
  record Entry(String videoId, long ownerId, Visibility visibility, VideoStatus status, String mediaPath) {}

  static final long TTL_MS = 2_000;
  private static final int MAX_ENTRIES = 10_000;

  private record Cached(Future<Optional<Entry>> entry, long expiresAtNanos) {}

  private final Pool pg;
  private final Map<String, Cached> cache = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  VodIndex(Pool pg) {
    this.pg = pg;
  }

  Future<Optional<Entry>> find(String videoId) {
    long now = System.nanoTime();
    Cached cached = cache.get(videoId);
    if (cached != null && cached.expiresAtNanos() - now > 0) {
      return cached.entry();
    }
    Cached fresh = new Cached(query(videoId), now + TTL_MS * 1_000_000);
    cache.put(videoId, fresh);
    // Only found videos stay: a miss or an error is asked again next time.
    fresh.entry().onComplete(result -> {
      if (result.failed() || result.result().isEmpty()) {
        cache.remove(videoId, fresh);
      }
    });
    return fresh.entry();
  }

  private Future<Optional<Entry>> query(String videoId) {
    return pg.preparedQuery("SELECT v.owner_id, v.visibility, v.status, m.path FROM videos v "
            + "LEFT JOIN media m ON m.content_hash = v.content_hash WHERE v.id = $1")
        .execute(Tuple.of(videoId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toEntry(videoId, rows.iterator().next())));
  }

  private static Entry toEntry(String videoId, Row row) {
    return new Entry(videoId, row.getLong("owner_id"), Visibility.fromId(row.getString("visibility")),
        VideoStatus.fromId(row.getString("status")), row.getString("path"));
  }
}
