package io.reelay.recommend.state;

import io.reelay.node.storage.Storage;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Storage on a Redis database of its own, emptied before the test class, for tests of the recommendation state
 * (ranking reads global keys — trending, popularity — which other tests write too). Register it as a static
 * {@code @RegisterExtension} field, after {@code SharedServices}.
 */
public final class RedisDatabase implements BeforeAllCallback, AfterAllCallback {

  private final int db;
  private Vertx vertx;
  private Storage storage;

  public RedisDatabase(int db) {
    this.db = db;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
    storage = Storage.connect(vertx, RedisProfileStoreTest.urls(db), 2);
    storage.redisClient().send(Request.cmd(Command.FLUSHDB)).await();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    storage.close().await();
    vertx.close().await();
  }

  public Vertx vertx() {
    return vertx;
  }

  public Storage storage() {
    return storage;
  }

  public Redis redis() {
    return storage.redisClient();
  }
}
