package io.reelay.room;

import io.reelay.node.Ids;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A room's history in Redis, shared by every node: a stream {@code room:{id}:log} whose entry ids are the
 * room's offsets ({@code <offset>-0}), capped at the history size, and a hash {@code room:{id}:meta}
 * with the epoch, the last offset, the likes total and moderation state (slow mode, mutes).
 *
 * <p>Appends are one script that checks the caller's epoch and that the batch starts right after the
 * stored last offset, so two nodes that both believe they own a room (during a membership change)
 * can never write the same offset: the second gets {@link AppendConflict} and re-sequences.
 */
final class RoomHistory {

  /** Rooms untouched this long are forgotten (their epoch then changes). */
  static final long TTL_SECONDS = 7 * 24 * 3600;
  private static final long TIMEOUT_MS = 3_000;

  private static final String LOAD = """
      if redis.call('HEXISTS', KEYS[1], 'epoch') == 0 then
        redis.call('DEL', KEYS[2])
        redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'last', '0', 'likes', '0')
      end
      redis.call('EXPIRE', KEYS[1], ARGV[2])
      return redis.call('HGETALL', KEYS[1])
      """;

  private static final String APPEND = """
      local epoch = redis.call('HGET', KEYS[1], 'epoch')
      if epoch ~= ARGV[1] then return {'epoch', epoch or ''} end
      local last = tonumber(redis.call('HGET', KEYS[1], 'last'))
      local first = tonumber(ARGV[2])
      if first ~= last + 1 then return {'offset', tostring(last)} end
      for i = 6, #ARGV do
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], (first + i - 6) .. '-0', 'm', ARGV[i])
      end
      redis.call('HSET', KEYS[1], 'last', tostring(first + #ARGV - 6))
      redis.call('HINCRBY', KEYS[1], 'likes', ARGV[5])
      redis.call('EXPIRE', KEYS[1], ARGV[4])
      redis.call('EXPIRE', KEYS[2], ARGV[4])
      return {'ok', ''}
      """;

  private final RedisAPI redis;
  private final int historySize;

  RoomHistory(RedisAPI redis, int historySize) {
    this.redis = redis;
    this.historySize = historySize;
  }

  /** The room's stored state; creates it with a fresh epoch when the room has none (new, or forgotten). */
  Future<RoomRecord> load(String roomId) {
    List<String> args = List.of(LOAD, "2", metaKey(roomId), logKey(roomId), Ids.random(6), Long.toString(TTL_SECONDS));
    return redis.eval(args).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).map(RoomHistory::record);
  }

  /** Appends messages with offsets {@code first, first+1, …}; fails with {@link AppendConflict} if that is not next. */
  Future<Void> append(String roomId, String epoch, long first, List<String> messages, long likes) {
    List<String> args = new ArrayList<>(messages.size() + 8);
    args.add(APPEND);
    args.add("2");
    args.add(metaKey(roomId));
    args.add(logKey(roomId));
    args.add(epoch);
    args.add(Long.toString(first));
    args.add(Integer.toString(historySize));
    args.add(Long.toString(TTL_SECONDS));
    args.add(Long.toString(likes));
    args.addAll(messages);
    return redis.eval(args).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).compose(reply -> {
      String status = reply.get(0).toString();
      return switch (status) {
        case "ok" -> Future.succeededFuture();
        case "epoch" -> Future.failedFuture(new AppendConflict("the room's epoch is now '" + reply.get(1) + "'"));
        default -> Future.failedFuture(new AppendConflict("the room's last offset is " + reply.get(1)));
      };
    });
  }

  /**
   * The messages after offset {@code after} up to the newest (stored JSON, oldest first); null when the
   * history no longer reaches back to {@code after + 1} or holds more than {@code max} of them.
   */
  Future<List<String>> rangeAfter(String roomId, long after, int max) {
    List<String> args = List.of(logKey(roomId), (after + 1) + "-0", "+", "COUNT", Integer.toString(max + 1));
    return redis.xrange(args).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).map(reply -> {
      if (reply.size() > max) {
        return null;
      }
      List<String> out = new ArrayList<>(reply.size());
      long expected = after + 1;
      for (Response entry : reply) {
        if (!entry.get(0).toString().equals(expected + "-0")) {
          return null;
        }
        out.add(entry.get(1).get(1).toString());
        expected++;
      }
      return out;
    });
  }

  Future<Void> setModeration(String roomId, String field, long value) {
    return redis.hset(List.of(metaKey(roomId), field, Long.toString(value)))
        .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).mapEmpty();
  }

  Future<Void> clearModeration(String roomId, String field) {
    return redis.hdel(List.of(metaKey(roomId), field)).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).mapEmpty();
  }

  private static RoomRecord record(Response hash) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i + 1 < hash.size(); i += 2) {
      fields.put(hash.get(i).toString(), hash.get(i + 1).toString());
    }
    return RoomRecord.of(fields);
  }

  // Braces: a room's keys hash to one slot, so the scripts also run on a Redis Cluster.
  private static String metaKey(String roomId) {
    return "room:{" + roomId + "}:meta";
  }

  private static String logKey(String roomId) {
    return "room:{" + roomId + "}:log";
  }

  /** Another writer moved the room on: reload and sequence again. */
  static final class AppendConflict extends RuntimeException {
    AppendConflict(String message) {
      super(message, null, false, false);
    }
  }
}
