package io.reelay.node.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node's shared storage clients: one reactive PostgreSQL pool, one Redis client and the Kafka
 * client factory. All are safe to use from any verticle's context.
 */
public final class Storage {

  private final Pool pg;
  private final Redis redis;
  private final RedisAPI redisApi;
  private final KafkaClients kafka;
  private final Vertx vertx;
  private final String redisUrl;

  private Storage(Vertx vertx, Pool pg, Redis redis, String redisUrl, KafkaClients kafka) {
    this.vertx = vertx;
    this.pg = pg;
    this.redis = redis;
    this.redisUrl = redisUrl;
    this.redisApi = RedisAPI.api(redis);
    this.kafka = kafka;
  }

  public static Storage connect(Vertx vertx, ServiceUrls urls, int pgPoolSize) {
    Pool pg = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(pgPoolSize).setShared(false).setMaxWaitQueueSize(1024))
        .connectingTo(new PostgresUrl(urls.postgres()).connectOptions().setReconnectAttempts(2))
        .using(vertx)
        .build();
    Redis redis = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(urls.redis())
        .setMaxPoolSize(8)
        // Requests queued for a pooled connection: the default 24 refuses bursts (a live node renews a lease per
        // stream every second) with ConnectionPoolTooBusyException.
        .setMaxPoolWaiting(4096)
        .setMaxWaitingHandlers(1024));
    return new Storage(vertx, pg, redis, urls.redis(), new KafkaClients(vertx, urls.kafkaBootstrap()));
  }

  public Pool pg() {
    return pg;
  }

  public RedisAPI redis() {
    return redisApi;
  }

  /** The client under {@link #redis()}, for pipelines ({@link Redis#batch}). */
  public Redis redisClient() {
    return redis;
  }

  /**
   * A Redis client of its own on the same server, for heavy writers (the profile builder's pipelines) that must
   * not queue the shared client's requests behind theirs; the caller closes it.
   */
  public Redis newRedisClient(RedisOptions options) {
    return Redis.createClient(vertx, new RedisOptions(options).setConnectionString(redisUrl));
  }

  public KafkaClients kafka() {
    return kafka;
  }

  public Future<Void> pingPostgres() {
    return pg.query("SELECT 1").execute().timeout(3, TimeUnit.SECONDS).mapEmpty();
  }

  public Future<Void> pingRedis() {
    return redisApi.ping(List.of()).timeout(3, TimeUnit.SECONDS).mapEmpty();
  }

  public Future<Void> pingKafka() {
    return kafka.ping();
  }

  public Future<Void> close() {
    redis.close();
    return Future.join(pg.close(), kafka.close()).mapEmpty();
  }
}
