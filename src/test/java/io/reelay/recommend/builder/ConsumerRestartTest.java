package io.reelay.recommend.builder;

import static io.reelay.recommend.RecommendFixtures.event;
import static io.reelay.recommend.RecommendFixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.catalog.Video;
import io.reelay.catalog.Visibility;
import io.reelay.recommend.RecommendFixtures;
import io.reelay.recommend.model.Interaction;
import io.reelay.recommend.model.MemoryProfileStore;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileKeys;
import io.reelay.recommend.model.ProfileStore;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.model.Scored;
import io.reelay.recommend.state.RedisProfileStore;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A profile consumer that stops and starts again (here: its node restarts) resumes at the offsets it committed:
 * events applied before the stop are not read again, events produced while it was down are read once, and
 * redeliveries of event ids already applied change nothing. The state is compared with one application of each
 * distinct event through the same {@link ProfileUpdater} into a {@link MemoryProfileStore}.
 */
@ExtendWith(SharedServices.class)
class ConsumerRestartTest {

  private static final int DB = 6;
  private static final long WAIT_MS = 20_000;

  private RecommendFixtures fx;

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.stop();
    }
  }

  @Test
  void aRestartedConsumerResumesFromItsOffsetsAndCountsEveryEventOnce() throws Exception {
    fx = RecommendFixtures.start(DB);
    String tag = TestNodes.uniqueName("restart");
    Video a = fx.video(fx.creator(), "A", Visibility.PUBLIC, tag);
    Video b = fx.video(fx.creator(), "B", Visibility.PUBLIC, tag);
    Video c = fx.video(fx.creator(), "C", Visibility.PUBLIC, tag);
    String subject = "d:" + TestNodes.uniqueName("restart");
    // Whatever other tests left in the shared topic is handled and committed first, then forgotten: from here
    // on, every record of reelay.events and every key of the database is this test's.
    waitFor("the group's backlog committed", () -> lag() == 0);
    fx.node.storage().redisClient().send(Request.cmd(Command.FLUSHDB)).await();

    JsonObject heartbeatA = heartbeat(subject, a.id(), 120);
    JsonObject completeA = event("complete", subject, a.id());
    JsonObject heartbeatB = heartbeat(subject, b.id(), 60);
    List<JsonObject> before = List.of(event("play", subject, a.id()), heartbeatA, completeA,
        event("play", subject, b.id()), heartbeatB);
    fx.send(before.toArray(JsonObject[]::new));
    waitFor("the events before the stop applied", () -> isMember(ProfileKeys.userRecent(subject), b.id()));

    List<JsonObject> whileDown = List.of(heartbeatA.copy(), completeA.copy(), heartbeatB.copy(),
        heartbeat(subject, b.id(), 90), event("like", subject, b.id()), event("dislike", subject, c.id()));
    fx.restart(() -> {
      assertThat(lag()).as("offsets committed when the consumer stopped").isZero();
      fx.send(whileDown.toArray(JsonObject[]::new));
    });

    waitFor("the events sent while down handled", () -> metrics().handled() >= whileDown.size()
        && contains(ProfileKeys.userDisliked(subject), c.id()));
    waitFor("their offsets committed", () -> lag() == 0);
    assertThat(metrics().handled()).as("records read after the restart: only those sent while down")
        .isEqualTo(whileDown.size());
    assertThat(metrics().duplicate.count()).as("redeliveries of applied events").isEqualTo(3);
    assertThat(metrics().applied.count()).isEqualTo(3);

    MemoryProfileStore once = new MemoryProfileStore();
    ProfileUpdater updater = new ProfileUpdater(once, ModelSettings.defaults());
    List<JsonObject> distinct = new ArrayList<>(before);
    distinct.addAll(whileDown.subList(3, whileDown.size()));
    for (JsonObject e : distinct) {
      updater.record(interaction(e, tag)).toCompletableFuture().get();
    }
    ProfileStore redis = new RedisProfileStore(fx.node.storage().redisClient());
    for (String key : List.of(ProfileKeys.userTags(subject), ProfileKeys.trending(tag), ProfileKeys.trending(),
        ProfileKeys.popular(), ProfileKeys.coWatched(a.id()), ProfileKeys.coWatched(b.id()))) {
      assertSameScores(key, redis.top(key, 100).toCompletableFuture().get(),
          once.top(key, 100).toCompletableFuture().get());
    }
    assertThat(redis.range(ProfileKeys.userRecent(subject), 50).toCompletableFuture().get())
        .isEqualTo(once.range(ProfileKeys.userRecent(subject), 50).toCompletableFuture().get());
  }

  private BuilderMetrics metrics() {
    return fx.node.recommend().builderMetrics();
  }

  /** The interaction the builder makes of an event: the item's tag and creator as the catalog has them. */
  private Interaction interaction(JsonObject json, String tag) throws TrackedEvent.Unusable {
    TrackedEvent e = TrackedEvent.parse(json.encode());
    Video v = fx.node.catalog().find(e.item()).await();
    return new Interaction(e.kind(), e.subject(), e.item(), List.of(tag), Long.toString(v.ownerId()),
        e.serverTime(), e.seconds());
  }

  private static void assertSameScores(String key, List<Scored> actual, List<Scored> expected) {
    assertThat(actual).as(key).hasSameSizeAs(expected).isNotEmpty();
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).member()).as(key).isEqualTo(expected.get(i).member());
      assertThat(actual.get(i).score()).as(key + " " + expected.get(i).member())
          .isCloseTo(expected.get(i).score(), org.assertj.core.data.Percentage.withPercentage(1e-9));
    }
  }

  private boolean isMember(String listKey, String item) {
    try {
      return new RedisProfileStore(fx.node.storage().redisClient()).range(listKey, 50).toCompletableFuture().get()
          .stream().anyMatch(entry -> entry.endsWith(" " + item));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean contains(String setKey, String item) {
    try {
      return new RedisProfileStore(fx.node.storage().redisClient()).contains(setKey, List.of(item))
          .toCompletableFuture().get().get(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records of reelay.events not yet committed by the profile builder's group. */
  private static long lag() {
    try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", SharedServices.urls().kafkaBootstrap()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(ProfileConsumer.GROUP).partitionsToOffsetAndMetadata().get();
      List<TopicPartition> partitions = admin.describeTopics(List.of(ProfileConsumer.TOPIC)).allTopicNames().get()
          .get(ProfileConsumer.TOPIC).partitions().stream()
          .map(p -> new TopicPartition(ProfileConsumer.TOPIC, p.partition())).toList();
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      long lag = 0;
      for (var end : admin.listOffsets(latest).all().get().entrySet()) {
        OffsetAndMetadata at = committed.get(end.getKey());
        lag += end.getValue().offset() - (at == null ? 0 : at.offset());
      }
      return lag;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("waited %d ms for %s", WAIT_MS, what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
