package io.reelay.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.LivePublisher;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Live ABR end to end: a node with {@code liveAbr} on, a 960x540 publisher over RTMP (so the ladder has two rungs
 * below it: 480p and 360p; 720p would be above the source), the master playlist read back, each rung decoded; and
 * the same ladder for a publisher over SRT (the ladder sits after ingest).
 */
@ExtendWith(SharedServices.class)
class LiveAbrTest {

  private static final Pattern VARIANT = Pattern.compile(
      "#EXT-X-STREAM-INF:BANDWIDTH=(\\d+),AVERAGE-BANDWIDTH=\\d+,RESOLUTION=(\\d+x\\d+),CODECS=\"([^\"]+)\"\\n(\\S+)");

  static ReelayNode node;
  static Http http;
  static Http.User creator;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start("REELAY_LIVE_ABR", "true", "REELAY_LIVE_RECONNECT_GRACE_MILLIS", "1000");
    http = new Http(node.endpoints().httpUrl());
    creator = http.registerUser("abr-streamer");
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private record Variant(long bandwidth, String resolution, String codecs, String uri) {
  }

  @Test
  void theMasterPlaylistListsTheLadderBelowTheSourceAndEveryRungDecodes() throws Exception {
    JsonObject stream = http.post("/api/streams", new JsonObject().put("title", "abr"), creator.token()).json();
    String id = stream.getString("id");
    assertThat(stream.getString("masterUrl")).isEqualTo("/live/" + id + "/master.m3u8");
    List<Variant> variants = new ArrayList<>();
    try (LivePublisher publisher = LivePublisher.start(stream.getString("rtmpUrl"), LivePublisher.FPS, "flv", 960, 540)) {
      publisher.awaitFrames(3 * LivePublisher.FPS);
      Http.Response master = http.get("/live/" + id + "/master.m3u8");
      assertThat(master.status()).as(master.body()).isEqualTo(200);
      assertThat(master.raw().headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
      Matcher m = VARIANT.matcher(master.body());
      while (m.find()) {
        variants.add(new Variant(Long.parseLong(m.group(1)), m.group(2), m.group(3), m.group(4)));
      }
      assertThat(variants).as(master.body()).extracting(Variant::resolution, Variant::uri).containsExactly(
          org.assertj.core.groups.Tuple.tuple("640x360", "360p/index.m3u8"),
          org.assertj.core.groups.Tuple.tuple("854x480", "480p/index.m3u8"),
          org.assertj.core.groups.Tuple.tuple("960x540", "index.m3u8"));
      assertThat(variants).allSatisfy(v -> {
        assertThat(v.codecs()).matches("avc1\\.[0-9a-f]{6},mp4a\\.40\\.2");
        assertThat(v.bandwidth()).isPositive();
      });
      for (String rung : List.of("480p", "360p")) {
        Http.Response playlist = http.get("/live/" + id + "/" + rung + "/index.m3u8");
        assertThat(playlist.status()).as(rung).isEqualTo(200);
        assertThat(playlist.body()).contains("#EXT-X-PART-INF:PART-TARGET=", "#EXT-X-PRELOAD-HINT:TYPE=PART",
            "#EXT-X-MAP:URI=\"init-0.mp4\"");
        String other = rung.equals("480p") ? "360p" : "480p";
        assertThat(playlist.body()).as("rendition reports of the other renditions only")
            .containsPattern("#EXT-X-RENDITION-REPORT:URI=\"\\.\\./index\\.m3u8\",LAST-MSN=\\d+,LAST-PART=\\d+\n")
            .containsPattern("#EXT-X-RENDITION-REPORT:URI=\"\\.\\./" + other + "/index\\.m3u8\",LAST-MSN=\\d+,LAST-PART=\\d+\n")
            .doesNotContain("/" + rung + "/index.m3u8");
        assertThat(http.get("/live/" + id + "/" + rung + "/init-0.mp4").status()).isEqualTo(200);
      }
      assertThat(http.get("/live/" + id + "/index.m3u8").body()).as("the source's playlist reports the rungs")
          .contains("#EXT-X-RENDITION-REPORT:URI=\"480p/index.m3u8\"", "#EXT-X-RENDITION-REPORT:URI=\"360p/index.m3u8\"");
      assertThat(http.get("/live/" + id + "/1080p/index.m3u8").status()).isEqualTo(404);
      publisher.awaitFrames(6 * LivePublisher.FPS);
    }
    // The broadcast ends after the reconnect grace (1 s): every playlist gets its ENDLIST, then each decodes whole.
    for (String rung : List.of("480p", "360p")) {
      awaitEnded("/live/" + id + "/" + rung + "/index.m3u8");
    }
    String base = node.endpoints().httpUrl() + "/live/" + id + "/";
    int sourcePictures = pictures(base + "index.m3u8", 960, 540);
    assertThat(sourcePictures).isGreaterThanOrEqualTo(5 * LivePublisher.FPS);
    assertThat(pictures(base + "480p/index.m3u8", 854, 480)).as("480p").isGreaterThan(sourcePictures * 9 / 10);
    assertThat(pictures(base + "360p/index.m3u8", 640, 360)).as("360p").isGreaterThan(sourcePictures * 9 / 10);
  }

  @Test
  void anSrtPublisherGetsTheLadderToo() throws Exception {
    JsonObject stream = http.post("/api/streams", new JsonObject().put("title", "abr-srt"), creator.token()).json();
    String id = stream.getString("id");
    try (LivePublisher publisher = LivePublisher.start(stream.getString("srtUrl"), LivePublisher.FPS, "mpegts", 960, 540)) {
      publisher.awaitFrames(3 * LivePublisher.FPS);
      Http.Response master = http.get("/live/" + id + "/master.m3u8");
      assertThat(master.status()).as(master.body()).isEqualTo(200);
      assertThat(master.body()).contains("RESOLUTION=640x360", "RESOLUTION=854x480", "RESOLUTION=960x540");
      String path = "/live/" + id + "/480p/index.m3u8";
      long deadline = System.currentTimeMillis() + 15_000;
      Http.Response rung = http.get(path);
      while (!rung.body().contains("#EXT-X-PART:") && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
        rung = http.get(path);
      }
      assertThat(rung.body()).as("the 480p rung of an SRT stream").contains("#EXT-X-PART:", "#EXT-X-MAP:URI=\"init-0.mp4\"");
      assertThat(http.get("/live/" + id + "/480p/init-0.mp4").status()).isEqualTo(200);
    }
  }

  @Test
  void withoutAbrRungsTheMasterListsTheSourceAlone() throws Exception {
    JsonObject stream = http.post("/api/streams", new JsonObject().put("title", "small"), creator.token()).json();
    String id = stream.getString("id");
    try (LivePublisher publisher = LivePublisher.start(stream.getString("rtmpUrl"), LivePublisher.FPS)) {
      publisher.awaitFrames(2 * LivePublisher.FPS);
      Http.Response master = http.get("/live/" + id + "/master.m3u8");
      assertThat(master.status()).isEqualTo(200);
      assertThat(master.body()).as("320x240: no rung below 360 lines").contains("RESOLUTION=320x240")
          .containsOnlyOnce("#EXT-X-STREAM-INF");
    }
  }

  private static void awaitEnded(String path) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      if (http.get(path).body().contains("#EXT-X-ENDLIST")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(path + " never ended");
  }

  /** Pictures FFmpeg decodes from a finished playlist, checking their size. */
  private static int pictures(String url, int width, int height) throws Exception {
    int n = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
      grabber.start();
      assertThat(grabber.getImageWidth()).as(url).isEqualTo(width);
      assertThat(grabber.getImageHeight()).as(url).isEqualTo(height);
      while (grabber.grabImage() != null) {
        n++;
      }
    }
    return n;
  }
}
