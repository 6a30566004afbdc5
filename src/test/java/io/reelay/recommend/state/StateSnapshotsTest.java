package io.reelay.recommend.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.model.Recommendation;
import io.reelay.recommend.model.Recommender;
import io.reelay.testing.SharedServices;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** State written, snapshotted, lost (every rec: key deleted), restored: the same pages as before. */
@ExtendWith(SharedServices.class)
class StateSnapshotsTest {

  static final int DB = 4;
  @RegisterExtension
  static final RedisDatabase DATABASE = new RedisDatabase(DB);

  @Test
  void aLostStateComesBackFromTheSnapshot() {
    RedisProfileStore store = new RedisProfileStore(DATABASE.redis());
    ModelSettings settings = ModelSettings.defaults();
    RedisProfileStoreTest.apply(new ProfileUpdater(store, settings), RedisProfileStoreTest.scenario(new Random(11)));
    // A dedup marker is not state: it must not be copied.
    DATABASE.redis().send(Request.cmd(Command.SET).arg("rec:seen:d:x:e1").arg("1").arg("EX").arg(60)).await();
    Recommender recommender = new Recommender(store, settings);
    List<List<Recommendation>> before = pages(recommender);
    int keys = recKeys().size();

    StateSnapshots snapshots = new StateSnapshots(DATABASE.redis(), DATABASE.storage().pg());
    assertThat(snapshots.restoreIfEmpty().await().skipped()).as("state present: nothing restored").isTrue();
    StateSnapshots.Outcome taken = snapshots.snapshot().await();
    assertThat(taken.skipped()).isFalse();
    assertThat(taken.keys()).isEqualTo(keys - 1);

    List<String> all = recKeys();
    Request del = Request.cmd(Command.DEL);
    all.forEach(del::arg);
    DATABASE.redis().send(del).await();
    assertThat(recKeys()).isEmpty();
    assertThat(pages(recommender)).allMatch(List::isEmpty);

    StateSnapshots.Outcome restored = snapshots.restoreIfEmpty().await();
    assertThat(restored.skipped()).isFalse();
    assertThat(restored.snapshotId()).isEqualTo(taken.snapshotId());
    assertThat(restored.keys()).isEqualTo(taken.keys());
    assertThat(restored.bytes()).isEqualTo(taken.bytes());
    assertThat(pages(recommender)).isEqualTo(before);
    assertThat(recKeys()).hasSize(keys - 1).doesNotContain("rec:seen:d:x:e1");
  }

  private static List<List<Recommendation>> pages(Recommender recommender) {
    List<List<Recommendation>> out = new ArrayList<>();
    for (int u = 0; u < 30; u++) {
      out.add(recommender.recommend("d:u" + u, 10, List.of()).toCompletableFuture().join());
    }
    out.add(recommender.related("v3", 10).toCompletableFuture().join());
    return out;
  }

  private static List<String> recKeys() {
    Response r = DATABASE.redis().send(Request.cmd(Command.KEYS).arg("rec:*")).await();
    List<String> out = new ArrayList<>();
    r.forEach(k -> out.add(k.toString()));
    return out;
  }
}
