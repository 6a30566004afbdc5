package io.reelay.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestMedia;
import io.reelay.testing.TestNodes;
import io.reelay.testing.TusTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Through the upload endpoint to a transcoded, ready video: jobs, dedup, progress, requeue. */
@ExtendWith(SharedServices.class)
class TranscodeTest {

  static ReelayNode node;
  static Http http;
  static Path storage;
  static Path clips;

  @BeforeAll
  static void start() throws Exception {
    storage = Files.createTempDirectory("reelay-storage");
    clips = Files.createTempDirectory("reelay-clips");
    node = TestNodes.start("REELAY_STORAGE_DIR", storage.toString());
    http = new Http(node.endpoints().httpUrl());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  static String newUserToken() {
    return http.registerUser("creator").token();
  }

  /** Uploads the file in one PATCH; returns the video id. */
  static String upload(String token, Path file) throws Exception {
    TusTestClient tus = new TusTestClient(node.endpoints().httpUrl(), token);
    byte[] data = Files.readAllBytes(file);
    String path = tus.createPath(data.length, file.getFileName().toString());
    assertThat(tus.patch(path, 0, data).status()).isEqualTo(204);
    return tus.head(path).header("Reelay-Video-Id");
  }

  static JsonObject awaitVideo(String id, String token, Predicate<JsonObject> until) throws InterruptedException {
    return awaitVideo(http, id, token, until);
  }

  /** Polls the video (up to 60 s) until the predicate holds; returns its last state. */
  static JsonObject awaitVideo(Http http, String id, String token, Predicate<JsonObject> until)
      throws InterruptedException {
    JsonObject video = http.get("/api/videos/" + id, token).json();
    for (int i = 0; i < 600 && !until.test(video); i++) {
      Thread.sleep(100);
      video = http.get("/api/videos/" + id, token).json();
    }
    return video;
  }

  static boolean finished(JsonObject video) {
    return List.of("ready", "failed").contains(video.getString("status"));
  }

  @Test
  void anUploadedVideoBecomesReadyWithItsLadderPosterAndStoryboard() throws Exception {
    String token = newUserToken();
    String id = upload(token, TestMedia.video(clips, 3, 640, 360, true));
    JsonObject video = awaitVideo(id, token, TranscodeTest::finished);
    assertThat(video.getString("status")).as(video.encodePrettily()).isEqualTo("ready");
    assertThat(video.getString("playbackUrl")).isEqualTo("/vod/" + id + "/master.m3u8");
    JsonArray renditions = video.getJsonArray("renditions");
    assertThat(renditions).hasSize(1);
    assertThat(renditions.getJsonObject(0).getInteger("height")).isEqualTo(360);
    assertThat(video.getString("poster")).startsWith("/vod/" + id + "/");
    assertThat(video.getString("storyboard")).startsWith("/vod/" + id + "/");
    assertThat(video.getJsonObject("transcode").getString("state")).isEqualTo("done");

    Path hls = mediaDirOf(video.getString("contentHash")).resolve("hls");
    assertThat(hls.resolve(video.getJsonObject("playback").getString("master"))).exists();
    assertThat(hls.resolve(video.getJsonObject("playback").getString("poster"))).exists();
    // Playable through /vod: the master, a rendition playlist, and its first segment.
    Http.Response master = http.get(video.getString("playbackUrl"));
    assertThat(master.status()).isEqualTo(200);
    assertThat(master.body()).contains("#EXT-X-STREAM-INF");
    Http.Response playlist = http.get("/vod/" + id + "/" + renditions.getJsonObject(0).getString("playlist"));
    assertThat(playlist.status()).isEqualTo(200);
    assertThat(playlist.body()).contains("#EXTINF");
  }

  @Test
  void theSameBytesAgainGetTheFinishedOutputWithoutASecondJob() throws Exception {
    Path clip = TestMedia.video(clips, 2, 320, 180, true);
    String first = upload(newUserToken(), clip);
    String hash = awaitVideo(first, null, TranscodeTest::finished).getString("contentHash");
    String secondToken = newUserToken();
    String second = upload(secondToken, clip);
    JsonObject video = awaitVideo(second, secondToken, TranscodeTest::finished);
    assertThat(video.getString("status")).isEqualTo("ready");
    assertThat(video.getString("contentHash")).isEqualTo(hash);
    assertThat(video.getJsonArray("renditions")).isNotEmpty();
    var rows = node.storage().pg().preparedQuery("SELECT attempts FROM transcode_jobs WHERE content_hash = $1")
        .execute(Tuple.of(hash)).toCompletionStage().toCompletableFuture().get();
    assertThat(rows.size()).isEqualTo(1);
    assertThat(rows.iterator().next().getInteger("attempts")).isEqualTo(1);
  }

  @Test
  void progressIsStreamedAsServerSentEvents() throws Exception {
    String token = newUserToken();
    String id = upload(token, TestMedia.video(clips, 4, 1280, 720, true));
    HttpResponse<Stream<String>> events = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create(node.endpoints().httpUrl() + "/api/videos/" + id + "/events"))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(events.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    List<String> lines = events.body().toList(); // the stream ends after the end event
    assertThat(lines).contains("event: end");
    assertThat(lines.stream().filter(l -> l.startsWith("event: ")).findFirst()).hasValueSatisfying(
        first -> assertThat(first).isIn("event: state", "event: end"));
    assertThat(awaitVideo(id, token, TranscodeTest::finished).getString("status")).isEqualTo("ready");
  }

  @Test
  void anAdminCanRequeueATranscode() throws Exception {
    String token = newUserToken();
    String id = upload(token, TestMedia.video(clips, 2, 320, 180, false));
    assertThat(awaitVideo(id, token, TranscodeTest::finished).getString("status")).isEqualTo("ready");
    assertThat(http.post("/api/videos/" + id + "/transcode", "{}", token).status()).isEqualTo(403);
    Http.Response requeued = http.post("/api/videos/" + id + "/transcode", "{}", http.adminToken());
    assertThat(requeued.status()).isEqualTo(202);
    JsonObject video = awaitVideo(id, token, v -> "done".equals(v.getJsonObject("transcode").getString("state"))
        && v.getJsonObject("transcode").getInteger("attempts") == 1);
    assertThat(video.getString("status")).isEqualTo("ready");
  }

  static Path mediaDirOf(String hash) throws Exception {
    try (Stream<Path> dirs = Files.list(storage.resolve("media").resolve(hash.substring(0, 2)))) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(hash)).findFirst().orElseThrow();
    }
  }
}
