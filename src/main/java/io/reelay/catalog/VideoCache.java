package io.reelay.catalog;

import io.micrometer.core.instrument.Counter;
import io.reelay.node.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache-aside copies of videos in Redis ({@code reelay:video:<id>}, 300 s). Redis is an
 * optimisation only: every failure or slow answer reads as a miss or is logged, never fails a request.
 */
final class VideoCache {

  private static final Logger LOG = LoggerFactory.getLogger(VideoCache.class);
  private static final String TTL_SECONDS = "300";
  private static final long TIMEOUT_MS = 1000;
  /**
   * A reader that loaded a row just before a change may store it just after the change's DEL; a
   * second DEL this much later removes such a stale copy instead of leaving it for the whole TTL.
   */
  private static final long SECOND_DEL_MS = 1000;

  private final Vertx vertx;
  private final RedisAPI redis;
  private final Counter hits;
  private final Counter misses;

  VideoCache(Vertx vertx, RedisAPI redis, NodeMetrics metrics) {
    this.vertx = vertx;
    this.redis = redis;
    this.hits = counter(metrics, "hit");
    this.misses = counter(metrics, "miss");
  }

  private static Counter counter(NodeMetrics metrics, String result) {
    return metrics.counter("reelay_video_cache", "video lookups answered from Redis (hit) or PostgreSQL (miss)",
        "result", result);
  }

  /** The cached video, or null on a miss (including Redis trouble or an unreadable entry). */
  Future<Video> get(String id) {
    return redis.get(key(id)).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(value -> value == null ? null : Video.fromJson(new JsonObject(value.toString())))
        .otherwise(e -> {
          LOG.debug("video cache read of {} failed: {}", id, e.toString());
          return null;
        })
        .andThen(done -> (done.result() != null ? hits : misses).increment());
  }

  Future<Void> put(Video video) {
    return redis.setex(key(video.id()), TTL_SECONDS, video.toJson().encode())
        .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).<Void>mapEmpty().otherwise(e -> {
          LOG.debug("video cache write of {} failed: {}", video.id(), e.toString());
          return null;
        });
  }

  Future<Void> invalidate(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> keys = ids.stream().map(VideoCache::key).toList();
    vertx.setTimer(SECOND_DEL_MS, t -> delete(keys));
    return delete(keys);
  }

  private static String key(String id) {
    return "reelay:video:" + id;
  }

  /** A failed DEL leaves a stale copy for up to the TTL, so it is worth a warning (misses are not). */
  private Future<Void> delete(List<String> keys) {
    return redis.del(keys).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).<Void>mapEmpty().otherwise(e -> {
      LOG.warn("video cache invalidation of {} failed: {}", keys, e.toString());
      return null;
    });
  }
}
