package io.reelay.room;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The busiest rooms, cluster-wide: each owner writes its rooms' viewer counts to a Redis sorted set, with
 * the time of writing in a second one so rooms of an owner that died drop out once they go stale.
 */
final class PresenceBoard {

  private static final String ONLINE = "rooms:online";
  private static final String SEEN = "rooms:online:seen";
  private static final long STALE_MS = 10_000;
  private static final long TIMEOUT_MS = 3_000;

  private final RedisAPI redis;

  PresenceBoard(RedisAPI redis) {
    this.redis = redis;
  }

  /** Records the rooms' counts; rooms with no viewers are removed. */
  Future<Void> publish(Map<String, Long> online, long nowMs) {
    List<String> counts = new ArrayList<>(List.of(ONLINE));
    List<String> seen = new ArrayList<>(List.of(SEEN));
    List<String> empty = new ArrayList<>(List.of(ONLINE));
    online.forEach((room, viewers) -> {
      if (viewers > 0) {
        counts.add(Long.toString(viewers));
        counts.add(room);
        seen.add(Long.toString(nowMs));
        seen.add(room);
      } else {
        empty.add(room);
      }
    });
    List<Future<Response>> writes = new ArrayList<>();
    if (counts.size() > 1) {
      writes.add(redis.zadd(counts));
      writes.add(redis.zadd(seen));
    }
    if (empty.size() > 1) {
      writes.add(redis.zrem(empty));
    }
    // Anyone may sweep what nobody has refreshed for a while.
    writes.add(redis.zrangebyscore(List.of(SEEN, "-inf", Long.toString(nowMs - STALE_MS))).compose(stale -> {
      if (stale.size() == 0) {
        return Future.succeededFuture();
      }
      List<String> members = new ArrayList<>();
      stale.forEach(r -> members.add(r.toString()));
      List<String> fromOnline = new ArrayList<>(List.of(ONLINE));
      fromOnline.addAll(members);
      List<String> fromSeen = new ArrayList<>(List.of(SEEN));
      fromSeen.addAll(members);
      return Future.all(redis.zrem(fromOnline), redis.zrem(fromSeen)).map(v -> (Response) null);
    }));
    return Future.all(writes).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).mapEmpty();
  }

  /** The {@code limit} busiest rooms: {@code [{room, online}]}. */
  Future<JsonArray> top(int limit) {
    return redis.zrevrange(List.of(ONLINE, "0", Integer.toString(limit - 1), "WITHSCORES"))
        .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(reply -> {
          JsonArray out = new JsonArray();
          for (int i = 0; i < reply.size(); i++) {
            Response entry = reply.get(i);
            // RESP3 answers pairs; RESP2 a flat list.
            if (entry.size() == 2) {
              out.add(new JsonObject().put("room", entry.get(0).toString()).put("online", entry.get(1).toLong()));
            } else if (i + 1 < reply.size()) {
              out.add(new JsonObject().put("room", entry.toString()).put("online", reply.get(++i).toLong()));
            }
          }
          return out;
        });
  }
}
