package io.reelay.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.LivePublisher;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SRT publishing end to end: FFmpeg (libsrt, through JavaCV) pushes MPEG-TS to the node's SRT port with the URL
 * the stream API gives; the same keys, gate, segmenter and playback as RTMP. One SRT publisher at a time: FFmpeg's
 * libsrt close tears down every SRT socket of the process.
 */
@ExtendWith(SharedServices.class)
class LiveSrtTest {

  static ReelayNode node;
  static Http http;
  static Http.User creator;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start("REELAY_LIVE_RECONNECT_GRACE_MILLIS", "2000");
    http = new Http(node.endpoints().httpUrl());
    creator = http.registerUser("srt-streamer");
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static JsonObject newStream(String title) {
    Http.Response r = http.post("/api/streams", new JsonObject().put("title", title), creator.token());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @Test
  void anSrtPublisherPlaysAsLowLatencyHlsWithItsConnectionFigures() throws Exception {
    JsonObject stream = newStream("over srt");
    String id = stream.getString("id");
    String srtUrl = stream.getString("srtUrl");
    assertThat(srtUrl).isEqualTo("srt://127.0.0.1:" + node.endpoints().srtPort() + "?streamid=publish:"
        + stream.getString("streamKey"));
    try (LivePublisher publisher = LivePublisher.start(srtUrl, LivePublisher.FPS, "mpegts")) {
      publisher.awaitFrames(4 * LivePublisher.FPS);
      Http.Response playlist = http.get("/live/" + id + "/index.m3u8");
      assertThat(playlist.status()).as(playlist.body()).isEqualTo(200);
      assertThat(playlist.body()).contains("#EXT-X-PART:", "#EXT-X-MAP:URI=", "#EXTINF:");

      JsonObject ingest = http.get("/api/streams/" + id).json().getJsonObject("ingest");
      assertThat(ingest.getString("protocol")).isEqualTo("srt");
      assertThat(ingest.getLong("packetsReceived")).isPositive();
      assertThat(ingest.getInteger("latencyMs")).isEqualTo(120);
      assertThat(ingest.getDouble("rttMs")).isGreaterThanOrEqualTo(0.0);
      assertThat(http.get("/metrics").body()).contains("reelay_srt_rtt_ms{", "stream=\"" + id + "\"");
      publisher.awaitFrames(6 * LivePublisher.FPS);
    }
    String ended = LivePlayback.awaitPlaylistContaining(http, id, "#EXT-X-ENDLIST");
    assertThat(ended.split("#EXTINF", -1).length - 1).isGreaterThanOrEqualTo(4);
    assertThat(LivePlayback.decodedFrames(node.endpoints().httpUrl() + "/live/" + id + "/index.m3u8"))
        .isGreaterThan(4 * LivePublisher.FPS);
    assertThat(http.get("/api/streams/" + id).json().containsKey("ingest")).as("gone with the connection").isFalse();
  }

  @Test
  void theAccessControlStreamIdFormPublishesToo() throws Exception {
    JsonObject stream = newStream("access control form");
    String sid = URLEncoder.encode("#!::r=live/" + stream.getString("streamKey") + ",m=publish", StandardCharsets.UTF_8);
    String url = "srt://127.0.0.1:" + node.endpoints().srtPort() + "?streamid=" + sid;
    try (LivePublisher publisher = LivePublisher.start(url, LivePublisher.FPS, "mpegts")) {
      publisher.awaitFrames(3 * LivePublisher.FPS);
      LivePlayback.awaitPlaylistContaining(http, stream.getString("id"), "#EXT-X-PART:");
    }
  }

  @Test
  void anUnknownKeyIsRejectedInTheHandshake() {
    String url = "srt://127.0.0.1:" + node.endpoints().srtPort() + "?streamid=publish:live_nosuchkey";
    assertThatThrownBy(() -> LivePublisher.start(url, LivePublisher.FPS, "mpegts").close()).isInstanceOf(Exception.class);
  }

  @Test
  void anSrtCallerOnAKeyLiveOverRtmpIsRefused() throws Exception {
    JsonObject stream = newStream("taken");
    try (LivePublisher rtmp = LivePublisher.start(stream.getString("rtmpUrl"), LivePublisher.FPS)) {
      rtmp.awaitFrames(2 * LivePublisher.FPS);
      assertThatThrownBy(() -> LivePublisher.start(stream.getString("srtUrl"), LivePublisher.FPS, "mpegts").close())
          .isInstanceOf(Exception.class);
      int before = rtmp.frames();
      rtmp.awaitFrames(before + LivePublisher.FPS);
      assertThat(rtmp.failed()).as("the first publisher goes on").isFalse();
    }
  }
}
