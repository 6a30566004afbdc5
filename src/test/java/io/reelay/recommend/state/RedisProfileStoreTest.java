package io.reelay.recommend.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.storage.ServiceUrls;
import io.reelay.node.storage.Storage;
import io.reelay.recommend.model.EventKind;
import io.reelay.recommend.model.Interaction;
import io.reelay.recommend.model.LiveItem;
import io.reelay.recommend.model.MemoryProfileStore;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileKeys;
import io.reelay.recommend.model.ProfileStore;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.model.Recommendation;
import io.reelay.recommend.model.Recommender;
import io.reelay.recommend.model.Scored;
import io.reelay.testing.SharedServices;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Redis store behaves as the in-memory one the offline evaluation uses: the same events through the same
 * updater give the same state and the same pages. Runs on a Redis database of its own (flushed first).
 */
@ExtendWith(SharedServices.class)
public class RedisProfileStoreTest {

  static final int DB = 3;
  static Vertx vertx;
  static Storage storage;
  static RedisProfileStore redis;
  static MemoryProfileStore memory;
  static final ModelSettings SETTINGS = ModelSettings.defaults();
  public static final List<String> TAGS = List.of("anime", "nba", "cooking", "music", "travel");

  /** Its own database: ranking reads the global trending keys, which other tests write too. */
  public static ServiceUrls urls(int db) {
    ServiceUrls shared = SharedServices.urls();
    return new ServiceUrls(shared.postgres(), shared.redis() + "/" + db, shared.kafkaBootstrap());
  }

  @BeforeAll
  static void replay() {
    vertx = Vertx.vertx();
    storage = Storage.connect(vertx, urls(DB), 2);
    storage.redisClient().send(Request.cmd(Command.FLUSHDB)).await();
    redis = new RedisProfileStore(storage.redisClient());
    memory = new MemoryProfileStore();
    List<Interaction> events = scenario(new Random(7));
    apply(new ProfileUpdater(memory, SETTINGS), events);
    apply(new ProfileUpdater(redis, SETTINGS), events);
  }

  @AfterAll
  static void stop() {
    storage.close().await();
    vertx.close().await();
  }

  /** 30 users, 40 items of 10 creators, 1,500 events of every kind, a minute or so apart. */
  public static List<Interaction> scenario(Random rnd) {
    List<Interaction> out = new ArrayList<>();
    long time = ModelSettings.EPOCH_2026 + 40L * 86_400_000;
    EventKind[] kinds = {EventKind.HEARTBEAT, EventKind.HEARTBEAT, EventKind.HEARTBEAT, EventKind.COMPLETE,
        EventKind.PLAY, EventKind.SKIP, EventKind.LIKE, EventKind.DISLIKE, EventKind.IMPRESSION, EventKind.SHARE};
    for (int i = 0; i < 1500; i++) {
      time += 20_000 + rnd.nextInt(60_000);
      int item = rnd.nextInt(40);
      List<String> tags = item % 3 == 0 ? List.of(TAGS.get(item % 5), TAGS.get((item + 1) % 5)) : List.of(TAGS.get(item % 5));
      EventKind kind = kinds[rnd.nextInt(kinds.length)];
      out.add(new Interaction(kind, "d:u" + rnd.nextInt(30), "v" + item, tags, "c" + item % 10, time,
          kind == EventKind.HEARTBEAT ? 5 + rnd.nextInt(300) : kind == EventKind.SKIP ? rnd.nextInt(30) : 0));
    }
    return out;
  }

  static void apply(ProfileUpdater updater, List<Interaction> events) {
    for (Interaction e : events) {
      updater.record(e).toCompletableFuture().join();
    }
  }

  static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void everyUsersPageIsTheSame() {
    List<LiveItem> live = List.of(new LiveItem("s:live1", "c3", List.of("nba"), 40));
    for (int u = 0; u < 30; u++) {
      String user = "d:u" + u;
      List<Recommendation> fromMemory = join(new Recommender(memory, SETTINGS).recommend(user, 10, live));
      List<Recommendation> fromRedis = join(new Recommender(redis, SETTINGS).recommend(user, 10, live));
      assertThat(fromRedis).as(user).hasSameSizeAs(fromMemory);
      for (int i = 0; i < fromMemory.size(); i++) {
        assertThat(fromRedis.get(i).item()).as(user + " #" + i).isEqualTo(fromMemory.get(i).item());
        assertThat(fromRedis.get(i).reason()).isEqualTo(fromMemory.get(i).reason());
        assertThat(fromRedis.get(i).score()).isCloseTo(fromMemory.get(i).score(),
            org.assertj.core.data.Percentage.withPercentage(1e-6));
      }
    }
  }

  @Test
  void relatedAndTrendingAreTheSame() {
    for (int i = 0; i < 40; i += 7) {
      assertThat(items(join(new Recommender(redis, SETTINGS).related("v" + i, 8))))
          .isEqualTo(items(join(new Recommender(memory, SETTINGS).related("v" + i, 8))));
    }
    for (String tag : TAGS) {
      assertThat(items(join(new Recommender(redis, SETTINGS).trending(tag, 10))))
          .isEqualTo(items(join(new Recommender(memory, SETTINGS).trending(tag, 10))));
    }
  }

  @Test
  void eachReadAnswersAsInMemory() {
    ProfileStore[][] pairs = {{memory, redis}};
    for (ProfileStore[] pair : pairs) {
      String user = "d:u4";
      assertThat(join(pair[1].range(ProfileKeys.userRecent(user), 50)))
          .isEqualTo(join(pair[0].range(ProfileKeys.userRecent(user), 50)));
      assertSame(join(pair[0].top(ProfileKeys.userTags(user), 200)), join(pair[1].top(ProfileKeys.userTags(user), 200)));
      assertSame(join(pair[0].top(ProfileKeys.coWatched("v3"), 200)), join(pair[1].top(ProfileKeys.coWatched("v3"), 200)));
      List<String> members = List.of("v1", "v2", "nope");
      List<Double> a = join(pair[0].scores(ProfileKeys.popular(), members));
      List<Double> b = join(pair[1].scores(ProfileKeys.popular(), members));
      assertThat(b.get(2)).isNull();
      for (int i = 0; i < 2; i++) {
        assertThat(b.get(i)).isCloseTo(a.get(i), org.assertj.core.data.Percentage.withPercentage(1e-9));
      }
      List<String> items = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        items.add("v" + i);
      }
      assertThat(join(pair[1].contains(ProfileKeys.userCompleted(user), items)))
          .isEqualTo(join(pair[0].contains(ProfileKeys.userCompleted(user), items)));
      assertThat(join(pair[1].contains(ProfileKeys.userDisliked(user), items)))
          .isEqualTo(join(pair[0].contains(ProfileKeys.userDisliked(user), items)));
      assertThat(join(pair[1].hash(ProfileKeys.item("v3")))).isEqualTo(join(pair[0].hash(ProfileKeys.item("v3"))))
          .containsKeys("creator", "tags");
      assertThat(join(pair[1].hash(ProfileKeys.item("none")))).isEmpty();
      assertThat(join(pair[1].top("rec:none", 5))).isEmpty();
      assertThat(join(pair[1].range("rec:none", 5))).isEmpty();
    }
  }

  private static void assertSame(List<Scored> expected, List<Scored> actual) {
    assertThat(actual).extracting(Scored::member).isEqualTo(expected.stream().map(Scored::member).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).score()).isCloseTo(expected.get(i).score(),
          org.assertj.core.data.Percentage.withPercentage(1e-9));
    }
  }

  private static List<String> items(List<Recommendation> page) {
    return page.stream().map(Recommendation::item).toList();
  }
}
