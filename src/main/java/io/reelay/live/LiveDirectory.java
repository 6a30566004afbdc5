package io.reelay.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The streams live right now, cluster-wide: the node holding each live stream refreshes its entry (title,
 * viewers, when it started, which node) in one Redis hash every couple of seconds; entries nobody refreshed
 * for {@link #STALE_MS} (their node died) are left out and swept by whoever lists.
 */
final class LiveDirectory {

  private static final String KEY = "live:now";
  static final long STALE_MS = 10_000;
  private static final long TIMEOUT_MS = 3_000;

  private final RedisAPI redis;

  LiveDirectory(RedisAPI redis) {
    this.redis = redis;
  }

  Future<Void> refresh(String streamId, JsonObject entry, long nowMs) {
    return refreshAll(Map.of(streamId, entry), nowMs);
  }

  /** Refreshes many entries (stream id to entry) in one write. */
  Future<Void> refreshAll(Map<String, JsonObject> entries, long nowMs) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> args = new ArrayList<>(1 + 2 * entries.size());
    args.add(KEY);
    entries.forEach((streamId, entry) -> {
      args.add(streamId);
      args.add(entry.copy().put("refreshedAt", nowMs).encode());
    });
    return redis.hset(args).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).mapEmpty();
  }

  Future<Void> remove(String streamId) {
    return redis.hdel(List.of(KEY, streamId)).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).mapEmpty();
  }

  /** The entry of one live stream, if it is live (and fresh) anywhere in the cluster. */
  Future<JsonObject> find(String streamId, long nowMs) {
    return redis.hget(KEY, streamId).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).map(value -> {
      JsonObject entry = value == null ? null : parse(value.toString());
      return entry != null && nowMs - entry.getLong("refreshedAt", 0L) <= STALE_MS ? entry : null;
    });
  }

  /** Live streams, most viewers first. */
  Future<JsonArray> list(long nowMs) {
    return redis.hgetall(KEY).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).map(reply -> {
      List<JsonObject> live = new ArrayList<>();
      List<String> stale = new ArrayList<>(List.of(KEY));
      for (String streamId : reply.getKeys()) {
        Response value = reply.get(streamId);
        JsonObject entry = value == null ? null : parse(value.toString());
        if (entry == null || nowMs - entry.getLong("refreshedAt", 0L) > STALE_MS) {
          stale.add(streamId);
        } else {
          entry.remove("refreshedAt");
          live.add(entry);
        }
      }
      if (stale.size() > 1) {
        redis.hdel(stale);
      }
      live.sort(Comparator.comparingLong((JsonObject e) -> e.getLong("viewers", 0L)).reversed());
      return new JsonArray(new ArrayList<>(live));
    });
  }

  private static JsonObject parse(String json) {
    try {
      return new JsonObject(json);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
