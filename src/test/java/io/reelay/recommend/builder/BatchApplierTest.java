package io.reelay.recommend.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.recommend.model.EventKind;
import io.reelay.recommend.model.Interaction;
import io.reelay.recommend.model.MemoryProfileStore;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileKeys;
import io.reelay.recommend.model.ProfileStore;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.model.Scored;
import io.reelay.recommend.state.RedisDatabase;
import io.reelay.recommend.state.RedisProfileStore;
import io.reelay.recommend.state.RedisProfileStoreTest;
import io.reelay.testing.SharedServices;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batches of many events, folded, logged and applied chunk by chunk, with redelivered records and events sent again
 * among them, leave the same state in Redis as each distinct event recorded one at a time in memory (the offline
 * evaluator's way); a batch logged by a consumer that died before applying it is applied once by another, before
 * that one decides anything for the partition; a consumer whose partition was taken over is fenced and counts
 * nothing twice.
 */
@ExtendWith(SharedServices.class)
class BatchApplierTest {

  static final int DB = 7;
  static final ModelSettings SETTINGS = ModelSettings.defaults();
  static final long WINDOW_MS = 120_000;
  static final int PARTITIONS = 4;
  @RegisterExtension
  static final RedisDatabase DATABASE = new RedisDatabase(DB);

  @Test
  void batchesEqualEventsOneAtATime() {
    List<Interaction> events = RedisProfileStoreTest.scenario(new Random(11));
    MemoryProfileStore memory = new MemoryProfileStore();
    ProfileUpdater oneByOne = new ProfileUpdater(memory, SETTINGS);
    events.forEach(e -> join(oneByOne.record(e)));

    String topic = "t-" + UUID.randomUUID();
    BatchApplier applier = applier(topic, "c-" + UUID.randomUUID(), 15_000);
    Random rnd = new Random(5);
    long[] nextOffset = new long[PARTITIONS];
    List<BatchApplier.Item> sent = new ArrayList<>();
    int applied = 0;
    int duplicates = 0;
    int again = 0;
    for (int at = 0; at < events.size(); ) {
      int earlierBatches = sent.size(); // a record is redelivered only after its batch was applied
      List<BatchApplier.Item> batch = new ArrayList<>();
      Map<Integer, Long> through = new HashMap<>();
      List<BatchApplier.Item> redelivered = new ArrayList<>();
      // Up to 600 events: some batches are folded in more than one slice.
      for (int n = 1 + rnd.nextInt(600); n > 0 && at < events.size(); n--) {
        if (!sent.isEmpty() && rnd.nextInt(10) == 0) {
          boolean resend = rnd.nextBoolean() || earlierBatches == 0;
          int newest = resend ? sent.size() : earlierBatches;
          BatchApplier.Item earlier = sent.get(Math.max(0, newest - 1 - rnd.nextInt(300)));
          if (resend) { // sent again by its client: a new record of the same event
            batch.add(record(earlier.eventId(), earlier.interaction(), nextOffset, through));
          } else if (!redelivered.contains(earlier)) { // the same record again (a restart or rebalance)
            redelivered.add(earlier);
          } else {
            again--;
          }
          again++;
        }
        BatchApplier.Item item = record("e" + at, events.get(at++), nextOffset, through);
        batch.add(item);
        sent.add(item);
      }
      List<BatchApplier.Item> all = new ArrayList<>(redelivered);
      all.addAll(batch);
      redelivered.forEach(r -> through.merge(r.partition(), r.offset() + 1, Math::max));
      BatchApplier.Outcome outcome = applier.apply(all, through).await();
      applied += outcome.applied();
      duplicates += outcome.duplicates();
    }
    applier.drained().await();
    assertThat(applied).isEqualTo(events.size());
    assertThat(duplicates).isEqualTo(again).isPositive();

    ProfileStore redis = new RedisProfileStore(DATABASE.redis());
    List<String> keys = new ArrayList<>(List.of(ProfileKeys.popular(), ProfileKeys.trending()));
    RedisProfileStoreTest.TAGS.forEach(t -> keys.add(ProfileKeys.trending(t)));
    for (int i = 0; i < 40; i++) {
      keys.add(ProfileKeys.coWatched("v" + i));
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      items.add("v" + i);
    }
    for (int u = 0; u < 30; u++) {
      String user = "d:u" + u;
      keys.add(ProfileKeys.userTags(user));
      assertThat(join(redis.range(ProfileKeys.userRecent(user), 50))).as(user)
          .isEqualTo(join(memory.range(ProfileKeys.userRecent(user), 50)));
      assertThat(join(redis.contains(ProfileKeys.userCompleted(user), items)))
          .isEqualTo(join(memory.contains(ProfileKeys.userCompleted(user), items)));
      assertThat(join(redis.contains(ProfileKeys.userDisliked(user), items)))
          .isEqualTo(join(memory.contains(ProfileKeys.userDisliked(user), items)));
    }
    for (String key : keys) {
      assertSameScores(key, join(redis.top(key, 500)), join(memory.top(key, 500)));
    }
  }

  /**
   * A consumer logs a batch and dies before applying it. Another consumer applies the orphaned log once its owner's
   * alive key expired; the records redelivered to it, and the same events sent again, count nothing twice.
   */
  @Test
  void aBatchLoggedByAConsumerThatDiedIsAppliedOnceByAnother() throws InterruptedException {
    String topic = "t-" + UUID.randomUUID();
    String user = "d:crash-" + UUID.randomUUID();
    List<BatchApplier.Item> items = viewerEvents(user, 6);
    long aliveMs = 300;

    // The dead consumer: what its applier logs, with the writes it would have applied, then nothing.
    FoldedWrites writes = new FoldedWrites();
    ProfileUpdater updater = new ProfileUpdater(new RedisProfileStore(DATABASE.redis()), SETTINGS);
    long[] hashes = new long[items.size()];
    for (int i = 0; i < items.size(); i++) {
      writes.add(updater.writes(items.get(i).interaction(), List.of()));
      hashes[i] = EventIdWindow.hash(user, items.get(i).eventId());
    }
    long now = System.currentTimeMillis();
    EventIdWindow shape = new EventIdWindow(WINDOW_MS);
    WriteLog dead = new WriteLog(DATABASE.redis(), "dead-" + UUID.randomUUID(), aliveMs,
        BatchApplier.windowTtlMillis(WINDOW_MS));
    WriteLog.Fenced logged = dead.log(List.of(new WriteLog.PartitionEntry(BatchApplier.watermarkKey(topic, 0), "",
        items.size(), BatchApplier.windowKey(topic, 0, shape.bucket(now)), EventIdWindow.encode(hashes,
        hashes.length))), writes.chunks(1)).await();
    assertThat(logged.partitions()).isEmpty();
    assertThat(logged.logged().chunks()).hasSizeGreaterThan(1);
    assertThat(tagScore(user)).as("nothing applied yet").isNull();

    WriteLog survivorLog = new WriteLog(DATABASE.redis(), "survivor-" + UUID.randomUUID(), aliveMs,
        BatchApplier.windowTtlMillis(WINDOW_MS));
    assertThat(survivorLog.recoverOrphans().await()).as("the owner is still alive").isZero();
    BatchApplier survivor = new BatchApplier(DATABASE.vertx(), DATABASE.redis(), survivorLog, updater, SETTINGS,
        topic, WINDOW_MS, 100);
    assertThatThrownBy(() -> survivor.apply(items, Map.of(0, (long) items.size())).await())
        .as("the partition's last writer may still apply its log").hasMessageContaining("still applying");

    Thread.sleep(aliveMs + 200); // the owner is gone: the survivor applies its log before deciding
    BatchApplier.Outcome redelivered = survivor.apply(items, Map.of(0, (long) items.size())).await();
    assertThat(survivorLog.recoverOrphans().await()).as("nothing left").isZero();
    assertThat(redelivered.applied()).isZero();
    assertThat(redelivered.duplicates()).isEqualTo(items.size());
    List<BatchApplier.Item> resent = new ArrayList<>();
    for (BatchApplier.Item i : items) { // the same events as new records
      resent.add(new BatchApplier.Item(0, i.offset() + items.size(), i.eventId(), i.interaction()));
    }
    BatchApplier.Outcome sentAgain = survivor.apply(resent, Map.of(0, 2L * items.size())).await();
    assertThat(sentAgain.applied()).isZero();
    assertThat(sentAgain.duplicates()).isEqualTo(items.size());
    survivor.drained().await();

    assertThat(tagScore(user)).isCloseTo(oneByOneTagScore(user, items), Offset.offset(1e-9));
  }

  /**
   * Consumer A applies a partition's first records; the partition moves to B, which reads from the start again; A,
   * not knowing yet, tries to apply later records B has applied: its log is fenced, it reads the watermark again and
   * finds them applied. Every event counts once.
   */
  @Test
  void aConsumerWhosePartitionWasTakenOverIsFenced() {
    String topic = "t-" + UUID.randomUUID();
    String user = "d:fence-" + UUID.randomUUID();
    List<BatchApplier.Item> items = viewerEvents(user, 5);
    BatchApplier a = applier(topic, "a-" + UUID.randomUUID(), 15_000);
    BatchApplier b = applier(topic, "b-" + UUID.randomUUID(), 15_000);

    assertThat(a.apply(items.subList(0, 3), Map.of(0, 3L)).await()).isEqualTo(new BatchApplier.Outcome(3, 0));
    a.drained().await();
    assertThat(b.apply(items, Map.of(0, 5L)).await()).isEqualTo(new BatchApplier.Outcome(2, 3));
    b.drained().await();
    assertThat(a.apply(items.subList(3, 5), Map.of(0, 5L)).await()).isEqualTo(new BatchApplier.Outcome(0, 2));
    a.drained().await();

    assertThat(tagScore(user)).isCloseTo(oneByOneTagScore(user, items), Offset.offset(1e-9));
  }

  private static BatchApplier applier(String topic, String consumer, long aliveMs) {
    WriteLog log = new WriteLog(DATABASE.redis(), consumer, aliveMs, BatchApplier.windowTtlMillis(WINDOW_MS));
    return new BatchApplier(DATABASE.vertx(), DATABASE.redis(), log,
        new ProfileUpdater(new RedisProfileStore(DATABASE.redis()), SETTINGS), SETTINGS, topic, WINDOW_MS, 100);
  }

  /** The next record of the event's partition (its subject's, as Kafka's key would choose one). */
  private static BatchApplier.Item record(String eventId, Interaction e, long[] nextOffset, Map<Integer, Long> through) {
    int partition = Math.floorMod(e.subject().hashCode(), PARTITIONS);
    long offset = nextOffset[partition]++;
    through.merge(partition, offset + 1, Math::max);
    return new BatchApplier.Item(partition, offset, eventId, e);
  }

  /**
   * Plays and dislikes of one viewer on partition 0, offsets from 0: they touch only the viewer's own keys, two of
   * them (the first test reads the globals).
   */
  private static List<BatchApplier.Item> viewerEvents(String user, int n) {
    List<BatchApplier.Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      EventKind kind = i % 3 == 2 ? EventKind.DISLIKE : EventKind.PLAY;
      items.add(new BatchApplier.Item(0, i, "r" + i, new Interaction(kind, user, "v" + i, List.of("anime"), "c1",
          1_780_000_000_000L + i, 0)));
    }
    return items;
  }

  private static Double tagScore(String user) {
    List<Scored> top = join(new RedisProfileStore(DATABASE.redis()).top(ProfileKeys.userTags(user), 10));
    return top.isEmpty() ? null : top.get(0).score();
  }

  private static double oneByOneTagScore(String user, List<BatchApplier.Item> items) {
    MemoryProfileStore memory = new MemoryProfileStore();
    ProfileUpdater oneByOne = new ProfileUpdater(memory, SETTINGS);
    items.forEach(item -> join(oneByOne.record(item.interaction())));
    return join(memory.top(ProfileKeys.userTags(user), 10)).get(0).score();
  }

  private static void assertSameScores(String key, List<Scored> actual, List<Scored> expected) {
    assertThat(actual).as(key).extracting(Scored::member)
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(Scored::member).toList());
    // Folded increments are summed in another order: equal to the last bits of the largest value.
    double tolerance = 1e-9 * expected.stream().mapToDouble(s -> Math.abs(s.score())).max().orElse(0);
    for (Scored s : expected) {
      double stored = actual.stream().filter(a -> a.member().equals(s.member())).findFirst().orElseThrow().score();
      assertThat(stored).as(key + " " + s.member()).isCloseTo(s.score(), Offset.offset(tolerance));
    }
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
