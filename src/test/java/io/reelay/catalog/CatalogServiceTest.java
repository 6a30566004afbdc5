package io.reelay.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.catalog.CatalogFixtures.Staged;
import io.reelay.catalog.CatalogFixtures.User;
import io.reelay.media.MediaInfo;
import io.reelay.node.NodeMetrics;
import io.reelay.node.ReelayNode;
import io.reelay.node.http.ApiException;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServices.class)
class CatalogServiceTest {

  private static final MediaInfo PROBED = new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", 4200, 640, 360, 25.0,
      "h264", "aac", 800_000);

  static CatalogFixtures fx;
  static ReelayNode node;
  static CatalogService catalog;

  @BeforeAll
  static void start() throws Exception {
    fx = CatalogFixtures.start();
    node = fx.node;
    catalog = fx.catalog;
  }

  @AfterAll
  static void stop() {
    fx.stop();
  }

  private static void assertApiStatus(Runnable action, int status) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(status));
  }

  @Test
  void createdVideosAreUploadingAndFoundById() {
    User owner = fx.newUser();
    Video created = catalog.createVideo(owner.id(),
        new VideoDraft(" First ", "about", List.of("A", "b"), Visibility.UNLISTED)).await();
    assertThat(created.id()).hasSize(16);
    assertThat(created.status()).isEqualTo(VideoStatus.UPLOADING);
    assertThat(created.ownerName()).isEqualTo(owner.username());
    assertThat(created.title()).isEqualTo("First");
    assertThat(created.tags()).containsExactly("a", "b");
    assertThat(catalog.find(created.id()).await()).isEqualTo(created);
    assertThat(catalog.find(created.id()).await()).as("cached copy").isEqualTo(created);

    assertApiStatus(() -> catalog.find("AAAAAAAAAAAAAAAA").await(), 404);
    assertApiStatus(() -> catalog.find("../etc").await(), 404);
  }

  @Test
  void newContentMovesIntoMediaAndTheSameBytesAreStoredOnce() throws Exception {
    User owner = fx.newUser();
    Video first = fx.video(owner, "one", Visibility.PUBLIC);
    Video second = fx.video(owner, "two", Visibility.PUBLIC);
    byte[] bytes = CatalogFixtures.randomBytes(300);
    Staged upload1 = fx.staged(bytes);
    Staged upload2 = fx.staged(bytes);

    ContentOutcome stored = fx.attach(first, upload1);
    assertThat(stored.deduplicated()).isFalse();
    assertThat(stored.media().infoOrNull()).isNull();
    assertThat(stored.media().sizeBytes()).isEqualTo(300);
    assertThat(Files.readAllBytes(stored.media().sourceFile())).isEqualTo(bytes);
    assertThat(stored.media().sourceFile().getParent().getParent().getParent().getFileName().toString())
        .isEqualTo("media");
    assertThat(upload1.file()).doesNotExist();

    ContentOutcome shared = fx.attach(second, upload2);
    assertThat(shared.deduplicated()).isTrue();
    assertThat(shared.media().sourceFile()).isEqualTo(stored.media().sourceFile());
    assertThat(upload2.file()).doesNotExist();
    assertThat(fx.mediaRows(upload1.hash())).isEqualTo(1);
    assertThat(fx.mediaDirs(upload1.hash())).hasSize(1);
    for (Video v : List.of(first, second)) {
      Video now = catalog.find(v.id()).await();
      assertThat(now.status()).isEqualTo(VideoStatus.PROCESSING);
      assertThat(now.contentHash()).isEqualTo(upload1.hash());
      assertThat(now.sizeBytes()).isEqualTo(300);
    }
    assertThat(catalog.storedBytes(owner.id()).await()).isEqualTo(600);
  }

  @Test
  void attachingToADeletedVideoIs410AndLeavesNothingBehind() {
    User owner = fx.newUser();
    Video video = fx.video(owner, "gone soon", Visibility.PUBLIC);
    Staged upload = fx.staged();
    catalog.deleteVideo(video.id()).await();

    assertApiStatus(() -> fx.attach(video, upload), 410);
    assertThat(fx.mediaRows(upload.hash())).isZero();
    assertThat(fx.mediaDirs(upload.hash())).isEmpty();
    assertThat(upload.file()).doesNotExist();
  }

  @Test
  void attachingTwiceIs409AndKeepsTheFirstContent() {
    User owner = fx.newUser();
    Video video = fx.video(owner, "once", Visibility.PUBLIC);
    Staged first = fx.staged();
    Staged again = fx.staged();
    fx.attach(video, first);

    assertApiStatus(() -> fx.attach(video, again), 409);
    assertThat(catalog.find(video.id()).await().contentHash()).isEqualTo(first.hash());
    assertThat(fx.mediaRows(again.hash())).isZero();
    assertThat(again.file()).doesNotExist();
  }

  @Test
  void deletingTheLastVideoOfSomeBytesWhileTheyAreAttachedAgainKeepsThemStored() {
    User owner = fx.newUser();
    for (int round = 0; round < 8; round++) {
      byte[] bytes = CatalogFixtures.randomBytes(64);
      Video leaving = fx.video(owner, "leaving", Visibility.PUBLIC);
      Video arriving = fx.video(owner, "arriving", Visibility.PUBLIC);
      Staged first = fx.staged(bytes);
      Staged second = fx.staged(bytes);
      fx.attach(leaving, first);

      Future.all(catalog.deleteVideo(leaving.id()),
          catalog.attachContent(arriving.id(), second.hash(), second.size(), second.file())).await();

      assertThat(catalog.find(arriving.id()).await().contentHash()).isEqualTo(first.hash());
      assertThat(fx.mediaRows(first.hash())).as("round %d", round).isEqualTo(1);
      assertThat(fx.mediaDirs(first.hash())).as("round %d", round).hasSize(1);
      assertThat(fx.mediaDirs(first.hash()).get(0).resolve("source")).hasBinaryContent(bytes);
      assertThat(second.file()).doesNotExist();
    }
  }

  @Test
  void malformedHashesAreRefusedBeforeTouchingAnything() {
    Video video = fx.video(fx.newUser(), "bad hash", Visibility.PUBLIC);
    Staged upload = fx.staged();
    assertApiStatus(() -> catalog.attachContent(video.id(), "ABC", upload.size(), upload.file()).await(), 400);
    assertThat(upload.file()).exists();
  }

  @Test
  void probeResultsReachEveryProcessingVideoAndLaterDuplicates() {
    User owner = fx.newUser();
    Video first = fx.video(owner, "probed", Visibility.PUBLIC);
    Video later = fx.video(owner, "probed later", Visibility.PUBLIC);
    byte[] bytes = CatalogFixtures.randomBytes(200);
    Staged upload = fx.staged(bytes);
    fx.attach(first, upload);
    catalog.find(first.id()).await(); // cached before the probe: the probe must invalidate it

    assertThat(catalog.recordProbe(upload.hash(), PROBED).await()).containsExactly(first.id());
    Video probed = catalog.find(first.id()).await();
    assertThat(probed.durationMs()).isEqualTo(4200);
    assertThat(probed.width()).isEqualTo(640);
    assertThat(probed.height()).isEqualTo(360);

    Staged duplicate = fx.staged(bytes);
    ContentOutcome outcome = fx.attach(later, duplicate);
    assertThat(outcome.deduplicated()).isTrue();
    assertThat(outcome.media().infoOrNull().durationMs()).isEqualTo(4200);
    assertThat(outcome.media().infoOrNull().videoCodec()).isEqualTo("h264");
    assertThat(catalog.find(later.id()).await().durationMs()).isEqualTo(4200);
  }

  @Test
  void rejectedContentFailsItsVideosAndIsRemoved() {
    User owner = fx.newUser();
    Video first = fx.video(owner, "broken", Visibility.PUBLIC);
    Video second = fx.video(owner, "broken too", Visibility.PUBLIC);
    byte[] bytes = CatalogFixtures.randomBytes(100);
    Staged upload1 = fx.staged(bytes);
    Staged upload2 = fx.staged(bytes);
    fx.attach(first, upload1);
    fx.attach(second, upload2);
    catalog.find(first.id()).await();

    assertThat(catalog.rejectContent(upload1.hash(), "no playable stream").await())
        .containsExactlyInAnyOrder(first.id(), second.id());
    for (Video v : List.of(first, second)) {
      Video now = catalog.find(v.id()).await();
      assertThat(now.status()).isEqualTo(VideoStatus.FAILED);
      assertThat(now.failureReason()).isEqualTo("no playable stream");
      assertThat(now.toJson().getString("failureReason")).isEqualTo("no playable stream");
    }
    assertThat(fx.mediaRows(upload1.hash())).isZero();
    assertThat(fx.mediaDirs(upload1.hash())).isEmpty();
  }

  @Test
  void statusChangesAreSeenThroughTheCache() {
    User owner = fx.newUser();
    Video video = fx.video(owner, "status", Visibility.PUBLIC);
    catalog.find(video.id()).await();
    assertApiStatus(() -> catalog.markReady(video.id()).await(), 409); // still uploading
    catalog.markFailed(video.id(), "upload expired").await();
    Video failed = catalog.find(video.id()).await();
    assertThat(failed.status()).isEqualTo(VideoStatus.FAILED);
    assertThat(failed.failureReason()).isEqualTo("upload expired");
    assertApiStatus(() -> catalog.markFailed("AAAAAAAAAAAAAAAA", "x").await(), 404);

    Video ready = fx.readyVideo(owner, "ready", Visibility.PUBLIC);
    assertThat(ready.status()).isEqualTo(VideoStatus.READY);
  }

  @Test
  void aRedisOutageDegradesToPostgres() {
    Redis unreachable = Redis.createClient(node.vertx(), "redis://127.0.0.1:1");
    try {
      CatalogService degraded = new CatalogService(node.vertx(), node.storage().pg(), RedisAPI.api(unreachable),
          node.config().storageDir(), new NodeMetrics("degraded"));
      Video video = degraded.createVideo(fx.newUser().id(), new VideoDraft("no cache", null, null, null)).await();
      assertThat(degraded.find(video.id()).await()).isEqualTo(video);
      Video renamed = degraded.update(video.id(), new VideoPatch("renamed", null, null, null)).await();
      assertThat(degraded.find(video.id()).await()).isEqualTo(renamed);
      degraded.deleteVideo(video.id()).await();
      assertApiStatus(() -> degraded.find(video.id()).await(), 404);
    } finally {
      unreachable.close();
    }
  }
}
