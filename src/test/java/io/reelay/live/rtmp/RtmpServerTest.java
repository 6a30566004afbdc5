package io.reelay.live.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.live.ingest.MediaKind;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server's protocol behaviour, driven byte by byte by {@link RawRtmpClient}. */
@ExtendWith(VertxExtension.class)
class RtmpServerTest {

  private final String key = "key-" + UUID.randomUUID();
  private final RecordingPublishers publishers = new RecordingPublishers(key);
  private RtmpServer server;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    server = start(vertx, RtmpSettings.defaults());
  }

  private RtmpServer start(Vertx vertx, RtmpSettings settings) throws Exception {
    return RtmpServer.start(vertx, publishers, settings, "127.0.0.1", 0)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Timeouts short enough to wait for in a test (too short for the defaults' server on a loaded machine). */
  private void restartWithShortTimeouts(Vertx vertx) throws Exception {
    stop();
    server = start(vertx, RtmpSettings.defaults().withTimeouts(Duration.ofMillis(1000), Duration.ofMillis(1500)));
  }

  @AfterEach
  void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void publishesMediaAndUnpublishes() throws Exception {
    try (RawRtmpClient c = new RawRtmpClient(server.actualPort())) {
      c.handshake();
      assertThat(c.publish(key + "?token=abc")).isEqualTo("NetStream.Publish.Start");
      c.setChunkSize(60_000);
      c.video(0, 1, 0, RawRtmpClient.AVC_CONFIG);
      c.send(4, new RtmpMessage(RtmpMessage.AUDIO, 1, 0, Buffer.buffer(new byte[] {(byte) 0xAF, 0, 0x12, 0x10})));
      c.send(4, new RtmpMessage(RtmpMessage.DATA_AMF0, 1, 0,
          Amf0.encode("@setDataFrame", "onMetaData", new Amf0.EcmaArray(Map.of("width", 320.0, "height", 240.0)))));
      for (int i = 0; i < 50; i++) {
        c.video(i * 40L, i % 25 == 0 ? 1 : 2, 1, RawRtmpClient.nalu(i == 0 ? 50_000 : 300));
      }
      c.command(1, "FCUnpublish", 5.0, null, key);
      c.command(0, "deleteStream", 6.0, null, 1.0);
      RecordingPublishers.RecordingSink sink = publishers.await(key);
      sink.awaitEnd();
      assertThat(sink.videoTracks).hasSize(1);
      assertThat(sink.audioTracks).hasSize(1);
      List<io.reelay.live.ingest.AccessUnit> video = sink.units(MediaKind.VIDEO);
      assertThat(video).hasSize(50);
      assertThat(video.get(0).data()).hasSize(50_000);
      assertThat(video.get(25).keyframe()).isTrue();
      assertThat(video.get(49).dts()).isEqualTo(49 * 40 * 90);
      Thread.sleep(100);
      assertThat(sink.ends.get()).isEqualTo(1);
      assertThat(sink.callAfterEnd).isFalse();
      assertThat(c.closedByServerWithin(200)).as("the connection outlives its publish").isFalse();
    }
  }

  @Test
  void timestampsCarryOnPastThe32BitWrap() throws Exception {
    long start = 0xFFFF_FFB0L; // 80 ms before the wrap
    try (RawRtmpClient c = new RawRtmpClient(server.actualPort())) {
      c.handshake();
      c.publish(key);
      c.video(start, 1, 0, RawRtmpClient.AVC_CONFIG);
      for (int i = 0; i < 4; i++) {
        c.video((start + i * 40L) & 0xFFFF_FFFFL, 1, 1, RawRtmpClient.nalu(64));
      }
      c.command(0, "deleteStream", 6.0, null, 1.0);
      RecordingPublishers.RecordingSink sink = publishers.await(key);
      sink.awaitEnd();
      assertThat(sink.units).extracting(io.reelay.live.ingest.AccessUnit::dts)
          .containsExactly(start * 90, (start + 40) * 90, (start + 80) * 90, (start + 120) * 90);
    }
  }

  @Test
  void answersPingsAndAcknowledgesTheWindow() throws Exception {
    try (RawRtmpClient c = new RawRtmpClient(server.actualPort())) {
      c.handshake();
      c.connect("live");
      c.send(2, new RtmpMessage(RtmpMessage.WINDOW_ACK_SIZE, 0, 0, Buffer.buffer().appendInt(2000)));
      c.send(2, ControlMessages.userControl(ControlMessages.PING_REQUEST, 123456));
      RtmpMessage pong = c.next(RtmpMessage.USER_CONTROL);
      assertThat(pong.payload().getUnsignedShort(0)).isEqualTo(ControlMessages.PING_RESPONSE);
      assertThat(pong.payload().getUnsignedInt(2)).isEqualTo(123456);
      c.command(0, "unknownCommand", 0.0, null, "x".repeat(3000));
      RtmpMessage ack = c.next(RtmpMessage.ACKNOWLEDGEMENT);
      assertThat(ack.payload().getUnsignedInt(0)).isGreaterThanOrEqualTo(2000);
    }
  }

  @Test
  void anotherApplicationIsRejected() throws Exception {
    try (RawRtmpClient c = new RawRtmpClient(server.actualPort())) {
      c.handshake();
      List<Object> reply = c.connect("vod");
      assertThat(reply.get(0)).isEqualTo("_error");
      assertThat(((Map<?, ?>) reply.get(3)).get("code")).isEqualTo("NetConnection.Connect.Rejected");
      assertThat(c.closedByServerWithin(2000)).isTrue();
    }
  }

  @Test
  void refusedPublishersHearWhyAndAreClosed() throws Exception {
    try (RawRtmpClient c = new RawRtmpClient(server.actualPort())) {
      c.handshake();
      assertThat(c.publish("no-such-key")).isEqualTo("NetStream.Publish.BadName");
      assertThat(c.closedByServerWithin(2000)).isTrue();
      assertThat(publishers.refused).containsExactly("no-such-key");
    }
    try (RawRtmpClient first = new RawRtmpClient(server.actualPort());
        RawRtmpClient second = new RawRtmpClient(server.actualPort())) {
      first.handshake();
      second.handshake();
      assertThat(first.publish(key)).isEqualTo("NetStream.Publish.Start");
      assertThat(second.publish(key)).as("already live").isEqualTo("NetStream.Publish.BadName");
      assertThat(second.closedByServerWithin(2000)).isTrue();
      first.video(0, 1, 0, RawRtmpClient.AVC_CONFIG);
      Thread.sleep(100);
      assertThat(publishers.await(key).videoTracks).hasSize(1);
      assertThat(publishers.await(key).ends.get()).isZero();
    }
  }

  @Test
  void aFullSinkPausesReadingUntilItDrains(Vertx vertx) throws Exception {
    restartWithShortTimeouts(vertx);
    try (RawRtmpClient c = new RawRtmpClient(server.actualPort())) {
      c.handshake();
      c.publish(key);
      RecordingPublishers.RecordingSink sink = publishers.await(key);
      sink.full = true;
      c.video(0, 1, 0, RawRtmpClient.AVC_CONFIG);
      for (int i = 0; i < 20; i++) {
        c.video(i * 40L, 1, 1, RawRtmpClient.nalu(100));
      }
      Thread.sleep(2000); // longer than the idle timeout: a paused connection is not idle
      assertThat(sink.videoTracks).hasSize(1);
      assertThat(sink.units).as("nothing is read past a full sink").isEmpty();
      assertThat(sink.ends.get()).isZero();
      sink.drain();
      Thread.sleep(300);
      assertThat(sink.units).hasSize(20);
    }
  }

  @Test
  void unsupportedCodecsGetAnErrorStatusAndEndThePublish() throws Exception {
    try (RawRtmpClient c = new RawRtmpClient(server.actualPort())) {
      c.handshake();
      c.publish(key);
      c.send(6, new RtmpMessage(RtmpMessage.VIDEO, 1, 0,
          Buffer.buffer().appendByte((byte) 0x90).appendString("hvc1").appendBytes(new byte[20])));
      List<Object> status = c.awaitCommand(v -> "onStatus".equals(v.get(0)));
      assertThat(((Map<?, ?>) status.get(3)).get("level")).isEqualTo("error");
      assertThat((String) ((Map<?, ?>) status.get(3)).get("description")).contains("hvc1");
      assertThat(c.closedByServerWithin(2000)).isTrue();
      publishers.await(key).awaitEnd();
    }
  }

  @Test
  void silentClientsAreClosed(Vertx vertx) throws Exception {
    restartWithShortTimeouts(vertx);
    try (RawRtmpClient c = new RawRtmpClient(server.actualPort())) {
      assertThat(c.closedByServerWithin(5000)).as("no handshake").isTrue();
    }
    try (RawRtmpClient c = new RawRtmpClient(server.actualPort())) {
      c.handshake();
      c.publish(key);
      publishers.await(key).awaitEnd(); // idle while publishing
      assertThat(c.closedByServerWithin(3000)).isTrue();
    }
    Thread.sleep(100);
    assertThat(server.connections()).isZero();
  }
}
