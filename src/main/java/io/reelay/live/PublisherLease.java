package io.reelay.live;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.ArrayList;
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
   * Renews leases, one per KEYS[i] with holder ARGV[i] and TTL the last ARGV; answers 1 or 0 per key. A
   * renewal also takes back a lease that lapsed with nobody else taking it (the publisher was slow to renew,
   * not replaced); only another holder makes it fail. One call renews every lease a node holds: per-stream calls
   * were hundreds of round trips a second, queued behind busy event loops until they timed out.
   */
  private static final String RENEW = """
      local ttl = ARGV[#ARGV]
      local out = {}
      for i, key in ipairs(KEYS) do
        local holder = redis.call('GET', key)
        if holder == ARGV[i] then redis.call('PEXPIRE', key, ttl) out[i] = 1
        elseif not holder then redis.call('SET', key, ARGV[i], 'PX', ttl) out[i] = 1
        else out[i] = 0 end
      end
      return out""";
  private static final String RELEASE = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
      return 0""";

  /** One broadcast's claim: {@code sessionId} publishes {@code streamId}. */
  record Claim(String streamId, String sessionId) {
  }

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
    return renewAll(List.of(new Claim(streamId, sessionId))).map(held -> held.get(0));
  }

  /** Renews every claim in one round trip; element i is false only when another session holds lease i now. */
  Future<List<Boolean>> renewAll(List<Claim> claims) {
    List<String> args = new ArrayList<>(2 + 2 * claims.size() + 1);
    args.add(RENEW);
    args.add(Integer.toString(claims.size()));
    claims.forEach(c -> args.add(key(c.streamId())));
    claims.forEach(c -> args.add(c.sessionId()));
    args.add(Long.toString(TTL_MS));
    return redis.eval(args).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).map(reply -> {
      List<Boolean> held = new ArrayList<>(claims.size());
      for (int i = 0; i < claims.size(); i++) {
        held.add(reply != null && reply.size() > i && reply.get(i).toInteger() == 1);
      }
      return held;
    });
  }

  Future<Void> release(String streamId, String sessionId) {
    return redis.eval(List.of(RELEASE, "1", key(streamId), sessionId)).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).mapEmpty();
  }

  private static String key(String streamId) {
    return "live:{" + streamId + "}:publisher";
  }
}
