package io.reelay.live;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Who may publish a stream, cluster-wide: a Redis key per stream holding the session that publishes, with a
 * short expiry that the publishing node renews only while media arrives. A second publisher is refused while
 * the lease is held; when the first goes silent (or its node dies) the lease lapses within {@link #TTL_MS} and a
 * newcomer takes over. Renewing and releasing check the holder, so a session that lost the lease never takes it
 * back from its successor.
 */
final class PublisherLease {

  static final long TTL_MS = 5_000;
  private static final long TIMEOUT_MS = 3_000;
  /**
   * Renew or release only if we still hold it. A renewal also takes back a lease that lapsed with nobody else
   * taking it (the publisher was slow to renew, not replaced); only another holder makes it fail.
   */
  private static final String IF_HOLDER = """
      local holder = redis.call('GET', KEYS[1])
      if ARGV[2] == 'release' then
        if holder == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
        return 0
      end
      if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[3]) return 1 end
      if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3]) return 1 end
      return 0""";

  private final RedisAPI redis;

  PublisherLease(RedisAPI redis) {
    this.redis = redis;
  }

  /** True if {@code sessionId} now holds the lease (it was free, lapsed, or already ours). */
  Future<Boolean> acquire(String streamId, String sessionId) {
    return redis.set(List.of(key(streamId), sessionId, "NX", "PX", Long.toString(TTL_MS)))
        .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .compose(reply -> reply != null ? Future.succeededFuture(true) : renew(streamId, sessionId));
  }

  /** False only when another session holds the lease now. */
  Future<Boolean> renew(String streamId, String sessionId) {
    return ifHolder(streamId, sessionId, "renew");
  }

  Future<Void> release(String streamId, String sessionId) {
    return ifHolder(streamId, sessionId, "release").mapEmpty();
  }

  private Future<Boolean> ifHolder(String streamId, String sessionId, String action) {
    return redis.eval(List.of(IF_HOLDER, "1", key(streamId), sessionId, action, Long.toString(TTL_MS)))
        .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(reply -> reply != null && reply.toInteger() == 1);
  }

  private static String key(String streamId) {
    return "live:{" + streamId + "}:publisher";
  }
}
