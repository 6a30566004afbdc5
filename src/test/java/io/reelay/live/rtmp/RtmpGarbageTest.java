package io.reelay.live.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Garbage against the real server: each bad connection is closed cleanly, its sink (if it had one) ends exactly
 * once, and a good publisher on the same server carries on untouched.
 */
@ExtendWith(VertxExtension.class)
class RtmpGarbageTest {

  private final String good = "good-" + UUID.randomUUID();
  private final String bad = "bad-" + UUID.randomUUID();
  private final RecordingPublishers publishers = new RecordingPublishers(good, bad);
  private RtmpServer server;
  private RawRtmpClient goodClient;
  private long goodTime;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    server = RtmpServer.start(vertx, publishers, RtmpSettings.defaults(), "127.0.0.1", 0)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    goodClient = new RawRtmpClient(server.actualPort());
    goodClient.handshake();
    assertThat(goodClient.publish(good)).isEqualTo("NetStream.Publish.Start");
    goodClient.video(0, 1, 0, RawRtmpClient.AVC_CONFIG);
    goodFrame();
  }

  @AfterEach
  void goodPublisherIsUnaffected() throws Exception {
    goodFrame();
    Thread.sleep(200);
    RecordingPublishers.RecordingSink sink = publishers.await(good);
    assertThat(sink.ends.get()).isZero();
    assertThat(sink.units).hasSize(2);
    goodClient.close();
    sink.awaitEnd();
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void goodFrame() throws Exception {
    goodClient.video(goodTime, 1, 1, RawRtmpClient.nalu(64));
    goodTime += 40;
  }

  /** A connection publishing the bad key, ready for garbage. */
  private RawRtmpClient badPublisher() throws Exception {
    RawRtmpClient c = new RawRtmpClient(server.actualPort());
    c.handshake();
    assertThat(c.publish(bad)).isEqualTo("NetStream.Publish.Start");
    c.video(0, 1, 0, RawRtmpClient.AVC_CONFIG);
    return c;
  }

  private void assertEndedOnce() throws Exception {
    RecordingPublishers.RecordingSink sink = publishers.await(bad);
    sink.awaitEnd();
    Thread.sleep(100);
    assertThat(sink.ends.get()).isEqualTo(1);
    assertThat(sink.callAfterEnd).isFalse();
  }

  @Test
  void randomBytesInsteadOfAHandshake() throws Exception {
    byte[] junk = new byte[5000];
    new Random(42).nextBytes(junk);
    junk[0] = 0x47;
    try (RawRtmpClient c = new RawRtmpClient(server.actualPort())) {
      c.write(junk);
      assertThat(c.closedByServerWithin(3000)).isTrue();
    }
  }

  @Test
  void randomBytesAfterTheHandshake() throws Exception {
    byte[] junk = new byte[20_000];
    new Random(43).nextBytes(junk);
    try (RawRtmpClient c = badPublisher()) {
      c.write(junk);
      assertThat(c.closedByServerWithin(3000)).isTrue();
    }
    assertEndedOnce();
  }

  @Test
  void aTruncatedChunkThenClose() throws Exception {
    try (RawRtmpClient c = badPublisher()) {
      Buffer chunk = new ChunkWriter().write(6,
          new RtmpMessage(RtmpMessage.VIDEO, 1, 40, Buffer.buffer(new byte[100])));
      c.write(chunk.getBuffer(0, 30));
    }
    assertEndedOnce();
  }

  @Test
  void chunkSizeZero() throws Exception {
    try (RawRtmpClient c = badPublisher()) {
      c.send(2, ControlMessages.setChunkSize(0));
      assertThat(c.closedByServerWithin(3000)).isTrue();
    }
    assertEndedOnce();
  }

  @Test
  void chunkSizeTwoToTheThirtyFirst() throws Exception {
    try (RawRtmpClient c = badPublisher()) {
      c.send(2, ControlMessages.setChunkSize(Integer.MIN_VALUE));
      assertThat(c.closedByServerWithin(3000)).isTrue();
    }
    assertEndedOnce();
  }

  @Test
  void anAmfStringLongerThanItsPacket() throws Exception {
    try (RawRtmpClient c = badPublisher()) {
      Buffer command = Buffer.buffer().appendByte((byte) 2).appendUnsignedShort(0xFFFF).appendString("publish");
      c.send(3, new RtmpMessage(RtmpMessage.COMMAND_AMF0, 0, 0, command));
      assertThat(c.closedByServerWithin(3000)).isTrue();
    }
    assertEndedOnce();
  }

  @Test
  void aMessageLargerThanTheLimit() throws Exception {
    try (RawRtmpClient c = badPublisher()) {
      Buffer header = Buffer.buffer().appendByte((byte) 6).appendMedium(0).appendMedium(0xFFFFFF).appendByte((byte) 9)
          .appendIntLE(1);
      c.write(header);
      assertThat(c.closedByServerWithin(3000)).isTrue();
    }
    assertEndedOnce();
  }
}
