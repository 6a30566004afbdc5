package io.reelay.recommend.builder;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.recommend.model.EventKind;
import io.reelay.recommend.model.Interaction;
import io.reelay.recommend.model.MemoryProfileStore;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileKeys;
import io.reelay.recommend.model.ProfileStore;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.model.Scored;
import io.reelay.recommend.state.RedisProfileStore;
import io.reelay.recommend.state.RedisDatabase;
import io.reelay.recommend.state.RedisProfileStoreTest;
import io.reelay.testing.SharedServices;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Polls of many events applied at once, folded, with redeliveries among them, leave the same state in Redis as
 * each distinct event recorded one at a time in memory (the offline evaluator's way): the local history between
 * a viewer's events of one poll, the folding and the dedup change nothing but the number of round trips.
 */
@ExtendWith(SharedServices.class)
class BatchApplierTest {

  static final int DB = 7;
  static final ModelSettings SETTINGS = ModelSettings.defaults();
  @RegisterExtension
  static final RedisDatabase DATABASE = new RedisDatabase(DB);

  @Test
  void pollsAtOnceEqualEventsOneAtATime() {
    List<Interaction> events = RedisProfileStoreTest.scenario(new Random(11));
    MemoryProfileStore memory = new MemoryProfileStore();
    ProfileUpdater oneByOne = new ProfileUpdater(memory, SETTINGS);
    events.forEach(e -> join(oneByOne.record(e)));

    BatchApplier applier = new BatchApplier(DATABASE.redis(),
        new ProfileUpdater(new RedisProfileStore(DATABASE.redis()), SETTINGS), SETTINGS, 600);
    Random rnd = new Random(5);
    List<BatchApplier.Item> sent = new ArrayList<>();
    int applied = 0;
    int duplicates = 0;
    int redelivered = 0;
    for (int at = 0; at < events.size(); ) {
      List<BatchApplier.Item> poll = new ArrayList<>();
      for (int n = 1 + rnd.nextInt(200); n > 0 && at < events.size(); n--) {
        if (!sent.isEmpty() && rnd.nextInt(10) == 0) { // a redelivery: an event id seen before, maybe in this poll
          BatchApplier.Item again = sent.get(Math.max(0, sent.size() - 1 - rnd.nextInt(300)));
          poll.add(again);
          redelivered++;
        }
        BatchApplier.Item item = new BatchApplier.Item("e" + at, events.get(at++));
        poll.add(item);
        sent.add(item);
      }
      BatchApplier.Outcome outcome = applier.apply(poll, "t" + at).await();
      applied += outcome.applied();
      duplicates += outcome.duplicates();
    }
    assertThat(applied).isEqualTo(events.size());
    assertThat(duplicates).isEqualTo(redelivered).isPositive();

    ProfileStore redis = new RedisProfileStore(DATABASE.redis());
    List<String> keys = new ArrayList<>(List.of(ProfileKeys.popular(), ProfileKeys.trending()));
    RedisProfileStoreTest.TAGS.forEach(t -> keys.add(ProfileKeys.trending(t)));
    for (int i = 0; i < 40; i++) {
      keys.add(ProfileKeys.coWatched("v" + i));
    }
    for (int u = 0; u < 30; u++) {
      String user = "d:u" + u;
      keys.add(ProfileKeys.userTags(user));
      assertThat(join(redis.range(ProfileKeys.userRecent(user), 50))).as(user)
          .isEqualTo(join(memory.range(ProfileKeys.userRecent(user), 50)));
      List<String> items = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        items.add("v" + i);
      }
      assertThat(join(redis.contains(ProfileKeys.userCompleted(user), items)))
          .isEqualTo(join(memory.contains(ProfileKeys.userCompleted(user), items)));
      assertThat(join(redis.contains(ProfileKeys.userDisliked(user), items)))
          .isEqualTo(join(memory.contains(ProfileKeys.userDisliked(user), items)));
    }
    for (String key : keys) {
      List<Scored> expected = join(memory.top(key, 500));
      List<Scored> actual = join(redis.top(key, 500));
      assertThat(actual).as(key).extracting(Scored::member)
          .containsExactlyInAnyOrderElementsOf(expected.stream().map(Scored::member).toList());
      // Folded increments are summed in another order: equal to the last bits of the largest value.
      double tolerance = 1e-9 * expected.stream().mapToDouble(s -> Math.abs(s.score())).max().orElse(0);
      for (Scored s : expected) {
        double stored = actual.stream().filter(a -> a.member().equals(s.member())).findFirst().orElseThrow().score();
        assertThat(stored).as(key + " " + s.member()).isCloseTo(s.score(), org.assertj.core.data.Offset.offset(tolerance));
      }
    }
  }

  /** Round 1 failing half-way left some markers holding the batch's token: its retry applies those events too. */
  @Test
  void aRetryTakesTheMarkersOfItsFailedAttemptForItsOwn() {
    String user = "d:retry-" + System.nanoTime();
    List<BatchApplier.Item> items = new ArrayList<>();
    for (int i = 0; i < 6; i++) { // plays: they touch only the viewer's own keys (the other test reads the globals)
      items.add(new BatchApplier.Item("r" + i, new Interaction(EventKind.PLAY, user, "v" + i, List.of("anime"),
          "c1", 1_780_000_000_000L + i, 0)));
    }
    for (int i = 0; i < 3; i++) { // what the failed attempt of batch "b1" had set
      mark(user, "r" + i, "b1");
    }
    mark(user, "r5", "b0"); // applied by an earlier batch: a true duplicate

    BatchApplier applier = new BatchApplier(DATABASE.redis(),
        new ProfileUpdater(new RedisProfileStore(DATABASE.redis()), SETTINGS), SETTINGS, 600);
    BatchApplier.Outcome outcome = applier.apply(items, "b1", true).await();

    assertThat(outcome.applied()).isEqualTo(5);
    assertThat(outcome.duplicates()).isEqualTo(1);
    MemoryProfileStore memory = new MemoryProfileStore();
    ProfileUpdater oneByOne = new ProfileUpdater(memory, SETTINGS);
    items.subList(0, 5).forEach(item -> join(oneByOne.record(item.interaction())));
    String key = ProfileKeys.userTags(user);
    assertThat(join(new RedisProfileStore(DATABASE.redis()).top(key, 10)).get(0).score())
        .isCloseTo(join(memory.top(key, 10)).get(0).score(), org.assertj.core.data.Offset.offset(1e-9));
  }

  private static void mark(String subject, String eventId, String token) {
    DATABASE.redis().send(Request.cmd(Command.SET).arg(BatchApplier.seenKey(subject, eventId)).arg(token)
        .arg("NX").arg("EX").arg(600)).await();
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
