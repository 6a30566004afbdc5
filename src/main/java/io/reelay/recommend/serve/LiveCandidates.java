package io.reelay.recommend.serve;

import io.reelay.node.LiveNow;
import io.reelay.recommend.ItemIds;
import io.reelay.recommend.model.LiveItem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams live now as ranking candidates ({@link LiveItem}: viewers, creator; streams have no tags yet) and
 * their directory entries for cards. The directory is one Redis hash refreshed every couple of seconds, so it is
 * read at most once a second per node, not once per request. Trouble reads as "nothing live": a feed without
 * live streams beats a failed feed.
 */
final class LiveCandidates {

  private static final Logger LOG = LoggerFactory.getLogger(LiveCandidates.class);
  static final long MAX_AGE_MS = 1_000;

  /** One reading of the directory. */
  record Snapshot(List<LiveItem> items, Map<String, JsonObject> entries, long readAt) {
    static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), 0);
  }

  private final LiveNow live;
  private final AtomicReference<Snapshot> last = new AtomicReference<>(Snapshot.EMPTY);

  LiveCandidates(LiveNow live) {
    this.live = live;
  }

  Future<Snapshot> now(long nowMs) {
    Snapshot s = last.get();
    if (nowMs - s.readAt() < MAX_AGE_MS) {
      return Future.succeededFuture(s);
    }
    return live.list().map(list -> {
      Snapshot read = read(list, nowMs);
      last.set(read);
      return read;
    }).otherwise(e -> {
      LOG.debug("live directory unreadable: {}", e.toString());
      return Snapshot.EMPTY;
    });
  }

  private static Snapshot read(JsonArray list, long nowMs) {
    List<LiveItem> items = new ArrayList<>();
    Map<String, JsonObject> entries = new HashMap<>();
    for (Object o : list) {
      if (o instanceof JsonObject e && e.getString("id") != null) {
        String item = ItemIds.stream(e.getString("id"));
        Object owner = e.getValue("ownerId");
        items.add(new LiveItem(item, owner == null ? null : owner.toString(), List.of(), e.getLong("viewers", 0L)));
        entries.put(item, e);
      }
    }
    return new Snapshot(List.copyOf(items), Map.copyOf(entries), nowMs);
  }
}
