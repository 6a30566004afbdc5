package io.reelay.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.RawHttp;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestMedia;
import io.reelay.testing.TestNodes;
import io.reelay.testing.TusTestClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** After the bytes: dedup, probing, quota and expiry. */
@ExtendWith(SharedServices.class)
class UploadLifecycleTest {

  static final long QUOTA = 3L << 20;
  static ReelayNode node;
  static Http http;
  static Path storage;
  static Path media;

  @BeforeAll
  static void start() throws Exception {
    storage = Files.createTempDirectory("reelay-storage");
    media = TestMedia.video(Files.createTempDirectory("reelay-media"), 2, 320, 180, true);
    node = TestNodes.start("REELAY_STORAGE_DIR", storage.toString(), "REELAY_UPLOAD_EXPIRY_SECONDS", "2",
        "REELAY_UPLOAD_QUOTA_BYTES", Long.toString(QUOTA));
    http = new Http(node.endpoints().httpUrl());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  static String newUserToken() {
    return TusProtocolTest.newUserToken(http);
  }

  /** Uploads the bytes in one PATCH; returns the video id. */
  static String upload(TusTestClient tus, byte[] data, String title) {
    String path = tus.createPath(data.length, title);
    assertThat(tus.patch(path, 0, data).status()).isEqualTo(204);
    return tus.head(path).header("Reelay-Video-Id");
  }

  static JsonObject awaitVideo(String id, String token, String status) throws InterruptedException {
    return awaitVideo(id, token, v -> status.equals(v.getString("status")));
  }

  static JsonObject awaitVideo(String id, String token, java.util.function.Predicate<JsonObject> until)
      throws InterruptedException {
    JsonObject video = http.get("/api/videos/" + id, token).json();
    for (int i = 0; i < 100 && !until.test(video); i++) {
      Thread.sleep(100);
      video = http.get("/api/videos/" + id, token).json();
    }
    return video;
  }

  static List<Path> storedSources() throws Exception {
    try (Stream<Path> files = Files.walk(storage.resolve("media"))) {
      return files.filter(p -> p.getFileName().toString().equals("source")).toList();
    }
  }

  @Test
  void theSameBytesFromTwoUsersAreStoredOnceAndProbed() throws Exception {
    byte[] data = Files.readAllBytes(media);
    List<JsonObject> announced = new java.util.concurrent.CopyOnWriteArrayList<>();
    node.vertx().eventBus().<JsonObject>consumer(UploadEvents.VIDEO_UPLOADED, m -> announced.add(m.body()))
        .completion().toCompletionStage().toCompletableFuture().get();
    String aliceToken = newUserToken();
    String bobToken = newUserToken();
    String alices = upload(new TusTestClient(node.endpoints().httpUrl(), aliceToken), data, "alice's");
    JsonObject first = awaitVideo(alices, aliceToken, v -> v.containsKey("width"));
    String bobs = upload(new TusTestClient(node.endpoints().httpUrl(), bobToken), data, "bob's");
    JsonObject second = awaitVideo(bobs, bobToken, v -> v.containsKey("width"));
    // Ready at once when the first upload's (tiny) transcode already finished: dedup joins the finished job.
    assertThat(second.getString("status")).isIn("processing", "ready");

    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    assertThat(alices).isNotEqualTo(bobs);
    assertThat(first.getString("contentHash")).isEqualTo(sha256);
    assertThat(second.getString("contentHash")).isEqualTo(sha256);
    assertThat(first.getInteger("width")).isEqualTo(320);
    assertThat(second.getInteger("height")).isEqualTo(180);
    assertThat(second.getLong("durationMs")).isBetween(1800L, 2200L);
    List<Path> sources = storedSources().stream().filter(p -> p.getParent().getFileName().toString().startsWith(sha256)).toList();
    assertThat(sources).hasSize(1);
    assertThat(Files.readAllBytes(sources.get(0))).isEqualTo(data);

    // Announced once each: the first as new content, the second as a duplicate (nothing to transcode).
    for (int i = 0; i < 50 && announced.stream().filter(e -> List.of(alices, bobs).contains(e.getString("videoId"))).count() < 2; i++) {
      Thread.sleep(100);
    }
    JsonObject aliceEvent = announced.stream().filter(e -> e.getString("videoId").equals(alices)).findFirst().orElseThrow();
    JsonObject bobEvent = announced.stream().filter(e -> e.getString("videoId").equals(bobs)).findFirst().orElseThrow();
    assertThat(aliceEvent.getBoolean("deduplicated")).isFalse();
    assertThat(bobEvent.getBoolean("deduplicated")).isTrue();
    assertThat(bobEvent.getString("contentHash")).isEqualTo(sha256);
    assertThat(bobEvent.getJsonObject("media").getInteger("width")).isEqualTo(320);
    assertThat(kafkaEventsFor(List.of(alices, bobs))).containsExactlyInAnyOrder(alices, bobs);
  }

  /** The video ids among {@code wanted} that have a video.uploaded event in Kafka. */
  static List<String> kafkaEventsFor(List<String> wanted) throws Exception {
    var consumer = node.storage().kafka().consumer("test-" + TestNodes.uniqueName("c"), TestNodes.uniqueName("g"));
    List<String> found = new java.util.concurrent.CopyOnWriteArrayList<>();
    consumer.handler(record -> {
      JsonObject event = new JsonObject(record.value());
      if (event.getString("type").equals("video.uploaded") && wanted.contains(record.key())) {
        found.add(record.key());
      }
    });
    consumer.subscribe(UploadEvents.VIDEO_EVENTS_TOPIC).toCompletionStage().toCompletableFuture().get();
    for (int i = 0; i < 100 && found.size() < wanted.size(); i++) {
      Thread.sleep(100);
    }
    consumer.close();
    return found;
  }

  @Test
  void bytesThatAreNotAVideoFailWithTheReason() throws Exception {
    String token = newUserToken();
    byte[] junk = new byte[50_000];
    new Random(42).nextBytes(junk);
    String id = upload(new TusTestClient(node.endpoints().httpUrl(), token), junk, "junk");
    JsonObject video = awaitVideo(id, token, "failed");
    assertThat(video.getString("status")).isEqualTo("failed");
    assertThat(video.getString("failureReason")).contains("not a recognised media file");
  }

  @Test
  void theQuotaCountsStoredAndInFlightBytes() {
    TusTestClient tus = new TusTestClient(node.endpoints().httpUrl(), newUserToken());
    assertThat(tus.create(2L << 20, "two megs").status()).isEqualTo(201);
    RawHttp.Response over = tus.create(2L << 20, "two more");
    assertThat(over.status()).isEqualTo(413);
    assertThat(over.body()).contains("quota");
    assertThat(tus.create(1L << 20, "one more").status()).isEqualTo(201);
  }

  @Test
  void aFinalConcatenationIsNotCountedTwiceAgainstTheQuota() {
    TusTestClient tus = new TusTestClient(node.endpoints().httpUrl(), newUserToken());
    String[] parts = new String[2];
    for (int i = 0; i < 2; i++) {
      RawHttp.Response part = tus.raw().send("POST", "/files/",
          tus.headers("Upload-Length", Long.toString(1L << 20), "Upload-Concat", "partial"), null);
      assertThat(part.status()).isEqualTo(201);
      parts[i] = part.header("Location");
    }
    RawHttp.Response fin = tus.raw().send("POST", "/files/",
        tus.headers("Upload-Concat", "final;" + parts[0] + " " + parts[1]), null);
    assertThat(fin.status()).isEqualTo(201);
  }

  @Test
  void idleUploadsExpireAndTheirFilesGo() throws Exception {
    String token = newUserToken();
    TusTestClient tus = new TusTestClient(node.endpoints().httpUrl(), token);
    RawHttp.Response created = tus.create(1000, "idle");
    String path = created.header("Location");
    assertThat(tus.patch(path, 0, new byte[100]).status()).isEqualTo(204);
    Path file = storage.resolve("uploads").resolve(TusTestClient.id(path));
    assertThat(Files.exists(file)).isTrue();
    for (int i = 0; i < 100 && Files.exists(file); i++) {
      Thread.sleep(100);
    }
    assertThat(Files.exists(file)).isFalse();
    assertThat(tus.head(path).status()).isEqualTo(410);
    assertThat(tus.patch(path, 100, new byte[100]).status()).isEqualTo(410);
    JsonObject video = awaitVideo(created.header("Reelay-Video-Id"), token, "failed");
    assertThat(video.getString("failureReason")).contains("expired");
  }
}
