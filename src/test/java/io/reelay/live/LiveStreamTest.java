package io.reelay.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.LivePublisher;
import io.reelay.testing.RoomClient;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Live streams end to end: keys, RTMP publishing with FFmpeg, LL-HLS playback read back with FFmpeg. */
@ExtendWith(SharedServices.class)
class LiveStreamTest {

  private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"(part-\\d+\\.m4s)\"");
  private static final Pattern MEDIA_SEQUENCE = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)");
  private static final Pattern SEGMENT = Pattern.compile("#EXTINF:([0-9.]+),\\s*\\n(seg-\\d+\\.m4s)");

  static ReelayNode node;
  static Http http;
  static String url;
  static Http.User creator;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start("REELAY_LIVE_RECONNECT_GRACE_MILLIS", "3000");
    url = node.endpoints().httpUrl();
    http = new Http(url);
    creator = http.registerUser("streamer");
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  static JsonObject newStream(String title) {
    Http.Response r = http.post("/api/streams", new JsonObject().put("title", title), creator.token());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @Test
  void aStreamComesWithItsKeyAndUrls() {
    JsonObject stream = newStream("my show");
    String id = stream.getString("id");
    String key = stream.getString("streamKey");
    assertThat(key).startsWith("live_").hasSizeGreaterThan(20);
    assertThat(stream.getString("rtmpUrl")).isEqualTo("rtmp://127.0.0.1:" + node.endpoints().rtmpPort() + "/live/" + key);
    assertThat(stream.getString("srtUrl")).endsWith("?streamid=publish:" + key);
    assertThat(stream.getString("playbackUrl")).isEqualTo("/live/" + id + "/index.m3u8");
    assertThat(stream.getString("roomId")).isEqualTo("s-" + id);

    JsonObject shown = http.get("/api/streams/" + id).json();
    assertThat(shown.getString("title")).isEqualTo("my show");
    assertThat(shown.containsKey("streamKey")).as("the key is shown only when made").isFalse();
    assertThat(http.post("/api/streams", "{}", null).status()).isEqualTo(401);
    assertThat(http.post("/api/streams", new JsonObject().put("title", "x".repeat(201)), creator.token()).status())
        .isEqualTo(400);
    assertThat(http.get("/live/" + id + "/index.m3u8").status()).as("not live").isEqualTo(404);
    Http.User other = http.registerUser("other");
    assertThat(http.post("/api/streams/" + id + "/key", "", other.token()).status()).isEqualTo(403);
  }

  @Test
  void aStreamsRoomExistsWithTheStreamAndItsCreatorModerates() {
    JsonObject stream = newStream("chatty");
    String room = stream.getString("roomId");
    assertThat(RoomClient.connect(url, "s-nosuchstream", null).awaitClose()).isEqualTo((short) 4404);
    Http.User viewer = http.registerUser("viewer");
    try (RoomClient mod = RoomClient.connect(url, room, creator.token());
        RoomClient chatter = RoomClient.connect(url, room, viewer.token())) {
      mod.welcome();
      chatter.welcome();
      chatter.send(new JsonObject().put("type", "mute").put("id", "m0").put("userId", creator.id()).put("seconds", 60));
      assertThat(chatter.reply("m0").getString("code")).isEqualTo("forbidden");
      mod.send(new JsonObject().put("type", "mute").put("id", "m1").put("userId", viewer.id()).put("seconds", 60));
      assertThat(mod.reply("m1").getString("type")).isEqualTo("ack");
    }
  }

  @Test
  void theRoomIsToldWhenTheStreamStartsAndEnds() throws Exception {
    JsonObject stream = newStream("announced");
    try (RoomClient viewer = RoomClient.connect(url, stream.getString("roomId"), null)) {
      viewer.welcome();
      try (LivePublisher publisher = LivePublisher.start(stream.getString("rtmpUrl"), LivePublisher.FPS)) {
        publisher.awaitFrames(LivePublisher.FPS);
        assertThat(viewer.awaitMessages(1).get(0).getString("event")).isEqualTo("stream_started");
      }
      // After the reconnect grace (3 s here) the broadcast ends.
      List<JsonObject> messages = viewer.awaitMessages(2);
      assertThat(messages.get(1).getString("kind")).isEqualTo("system");
      assertThat(messages.get(1).getString("event")).isEqualTo("stream_ended");
    }
  }

  @Test
  void publishedStreamPlaysAsLowLatencyHlsAndEnds() throws Exception {
    JsonObject stream = newStream("live test");
    String id = stream.getString("id");
    String playlist;
    try (LivePublisher publisher = LivePublisher.start(stream.getString("rtmpUrl"), LivePublisher.FPS)) {
      publisher.awaitFrames(3 * LivePublisher.FPS);
      Http.Response first = http.get("/live/" + id + "/index.m3u8");
      assertThat(first.status()).as(first.body()).isEqualTo(200);
      assertThat(first.raw().headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
      assertThat(first.raw().headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(first.body()).contains("#EXT-X-PART-INF:PART-TARGET=", "CAN-BLOCK-RELOAD=YES", "#EXT-X-PART:",
          "#EXT-X-MAP:URI=", "#EXT-X-PROGRAM-DATE-TIME:", "#EXT-X-PRELOAD-HINT:TYPE=PART");

      // A blocking reload for the next part (as a player computes it) returns once it exists, listing the hinted part.
      String hinted = group(HINT, first.body());
      long msn = Long.parseLong(group(MEDIA_SEQUENCE, first.body())) + first.body().split("#EXTINF", -1).length - 1;
      String openSegment = first.body().substring(first.body().lastIndexOf("#EXTINF"));
      int part = openSegment.split("#EXT-X-PART:", -1).length - 1;
      Http.Response blocked = http.get("/live/" + id + "/index.m3u8?_HLS_msn=" + msn + "&_HLS_part=" + part);
      assertThat(blocked.status()).isEqualTo(200);
      assertThat(blocked.body()).contains("URI=\"" + hinted + "\"");
      // A request for the part the new hint names is held until it exists.
      Http.Response next = http.get("/live/" + id + "/" + group(HINT, blocked.body()));
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.raw().headers().firstValue("Content-Type")).hasValue("video/mp4");

      assertThat(http.get("/live/" + id + "/index.m3u8?_HLS_msn=999999").status()).as("too far ahead").isEqualTo(400);
      assertThat(http.get("/live/" + id + "/index.m3u8?_HLS_part=1").status()).isEqualTo(400);
      assertThat(http.get("/live/" + id + "/seg-999999.m4s").status()).isEqualTo(404);
      JsonArray live = http.get("/api/streams/live").json().getJsonArray("streams");
      assertThat(live.stream().map(e -> ((JsonObject) e).getString("id"))).contains(id);
      publisher.awaitFrames(6 * LivePublisher.FPS);
    }
    // After the reconnect grace the broadcast ends: the playlist is complete.
    playlist = LivePlayback.awaitPlaylistContaining(http, id, "#EXT-X-ENDLIST");
    List<Double> durations = new ArrayList<>();
    Matcher m = SEGMENT.matcher(playlist);
    while (m.find()) {
      durations.add(Double.parseDouble(m.group(1)));
      assertThat(firstFrameIsKey(id, m.group(2))).as(m.group(2) + " starts with a keyframe").isTrue();
    }
    assertThat(durations).hasSizeGreaterThanOrEqualTo(4);
    assertThat(durations.subList(0, durations.size() - 1)).allSatisfy(d -> assertThat(d).isBetween(0.9, 1.3));
    assertThat(LivePlayback.decodedFrames(url + "/live/" + id + "/index.m3u8")).isGreaterThan(4 * LivePublisher.FPS);

    // The recording became a video of the streamer's, linked from the stream, and is transcoded like an upload.
    String videoId = awaitRecording(id);
    JsonObject video = awaitVideoStatus(videoId, "ready");
    assertThat(video.getJsonObject("owner").getLong("id")).isEqualTo(creator.id());
    assertThat(video.getString("title")).startsWith("live test (live ");
    assertThat(video.getLong("durationMs")).isGreaterThan(5_000L);
  }

  private static String awaitRecording(String streamId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      JsonArray broadcasts = http.get("/api/streams/" + streamId).json().getJsonArray("broadcasts");
      if (!broadcasts.isEmpty() && broadcasts.getJsonObject(0).getString("recordingVideoId") != null) {
        return broadcasts.getJsonObject(0).getString("recordingVideoId");
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no recording: " + http.get("/api/streams/" + streamId).body());
  }

  private static JsonObject awaitVideoStatus(String videoId, String status) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    JsonObject video = null;
    while (System.currentTimeMillis() < deadline) {
      video = http.get("/api/videos/" + videoId).json();
      if (status.equals(video.getString("status"))) {
        return video;
      }
      assertThat(video.getString("status")).as(video.encode()).isNotEqualTo("failed");
      Thread.sleep(500);
    }
    throw new AssertionError("video never " + status + ": " + video);
  }

  @Test
  void keyframesFurtherApartThanThreeTargetsForceSegments() throws Exception {
    JsonObject stream = newStream("long gop");
    String id = stream.getString("id");
    double forcedBefore = metric("reelay_live_segments_forced_total");
    try (LivePublisher publisher = LivePublisher.start(stream.getString("rtmpUrl"), 4 * LivePublisher.FPS)) {
      publisher.awaitFrames(8 * LivePublisher.FPS);
      String playlist = http.get("/live/" + id + "/index.m3u8").body();
      Matcher m = SEGMENT.matcher(playlist);
      assertThat(m.find()).as(playlist).isTrue();
      // A 4 s GOP against a 1 s target: no keyframe by 3 s, so the segment is cut there (and counted).
      assertThat(Double.parseDouble(m.group(1))).as("forced at 3x the target").isBetween(2.9, 3.1);
      assertThat(playlist).contains("#EXT-X-PART:");
      Thread.sleep(1_500); // counters are reported once a second
      assertThat(metric("reelay_live_segments_forced_total")).isGreaterThan(forcedBefore);
    }
  }

  private static double metric(String name) {
    for (String line : http.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  @Test
  void keysAreCheckedAndOnePublisherAtATime() throws Exception {
    JsonObject stream = newStream("exclusive");
    String rtmp = stream.getString("rtmpUrl");
    String base = rtmp.substring(0, rtmp.lastIndexOf('/') + 1);
    assertThatThrownBy(() -> LivePublisher.start(base + "live_unknownkeyunknownkey", 25).close())
        .as("unknown key").isInstanceOf(Exception.class);
    try (LivePublisher first = LivePublisher.start(rtmp, 25)) {
      first.awaitFrames(25);
      assertThatThrownBy(() -> LivePublisher.start(rtmp, 25).close()).as("second publisher").isInstanceOf(Exception.class);
      assertThat(first.failed()).isFalse();

      // Revoking the key disconnects the publisher and the key no longer works.
      Http.Response revoked = http.send(http.request("/api/streams/" + stream.getString("id") + "/key", creator.token())
          .DELETE());
      assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
      assertThat(revoked.json().getBoolean("keyRevoked")).isTrue();
      long deadline = System.currentTimeMillis() + 10_000;
      while (!first.failed() && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertThat(first.failed()).as("disconnected").isTrue();
    } catch (Exception e) {
      // close() of the disconnected publisher rethrows its failure
    }
    assertThatThrownBy(() -> LivePublisher.start(rtmp, 25).close()).as("revoked key").isInstanceOf(Exception.class);
    Http.Response rotated = http.post("/api/streams/" + stream.getString("id") + "/key", "", creator.token());
    assertThat(rotated.status()).isEqualTo(200);
    try (LivePublisher again = LivePublisher.start(rotated.json().getString("rtmpUrl"), 25)) {
      again.awaitFrames(10);
    }
  }

  @Test
  void aPublisherBackWithinTheGraceContinuesThePlaylist() throws Exception {
    JsonObject stream = newStream("flaky uplink");
    String id = stream.getString("id");
    try (LivePublisher publisher = LivePublisher.start(stream.getString("rtmpUrl"), 25)) {
      publisher.awaitFrames(3 * 25);
    }
    String before = LivePlayback.awaitPlaylistContaining(http, id, "#EXTINF");
    long lastBefore = lastSegment(before);
    try (LivePublisher publisher = LivePublisher.start(stream.getString("rtmpUrl"), 25)) {
      publisher.awaitFrames(3 * 25);
      String after = http.get("/live/" + id + "/index.m3u8").body();
      assertThat(after).contains("#EXT-X-DISCONTINUITY").doesNotContain("#EXT-X-ENDLIST");
      assertThat(lastSegment(after)).isGreaterThan(lastBefore);
      Matcher seq = MEDIA_SEQUENCE.matcher(after);
      assertThat(seq.find()).isTrue();
      assertThat(Long.parseLong(seq.group(1))).as("same media sequence, not restarted").isLessThanOrEqualTo(lastBefore);
    }
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as(pattern + " in " + text).isTrue();
    return m.group(1);
  }

  private static long lastSegment(String playlist) {
    Matcher m = SEGMENT.matcher(playlist);
    long last = -1;
    while (m.find()) {
      last = Long.parseLong(m.group(2).replaceAll("\\D", ""));
    }
    return last;
  }

  /** Whether the segment, after its init segment, decodes starting with a keyframe. */
  private static boolean firstFrameIsKey(String id, String segment) throws Exception {
    String playlist = http.get("/live/" + id + "/index.m3u8").body();
    Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(playlist);
    assertThat(map.find()).isTrue();
    byte[] init = bytes("/live/" + id + "/" + map.group(1));
    byte[] media = bytes("/live/" + id + "/" + segment);
    byte[] whole = new byte[init.length + media.length];
    System.arraycopy(init, 0, whole, 0, init.length);
    System.arraycopy(media, 0, whole, init.length, media.length);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new java.io.ByteArrayInputStream(whole))) {
      grabber.start();
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        return frame.keyFrame;
      }
      return false;
    }
  }

  private static byte[] bytes(String path) throws Exception {
    HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(java.net.URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

}
