package io.reelay.live.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The listener against hand-made packets: handshake rules, repeats, garbage, floods, timeouts, bounds. */
@ExtendWith(VertxExtension.class)
class SrtListenerTest {

  private final CollectingAdmission admission = new CollectingAdmission("live_good", "live_other");
  private SrtListener listener;
  private int port;

  private void start(Vertx vertx, SrtSettings settings) throws Exception {
    listener = new SrtListener(admission, settings);
    port = listener.start(vertx, "127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    listener.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int state() throws Exception {
    return listener.stateSize().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static Buffer payload(int n) {
    return Buffer.buffer("message-" + n);
  }

  @Test
  void aCallerConnectsAndItsMessagesArriveInOrder(Vertx vertx) throws Exception {
    start(vertx, SrtSettings.defaults().withLatencyMillis(20));
    try (RawSrtCaller caller = new RawSrtCaller(port, 77)) {
      Handshake induction = caller.induction();
      assertThat(induction.version()).isEqualTo(5);
      assertThat(induction.extension()).isEqualTo(Handshake.SRT_MAGIC);
      assertThat(state()).as("an induction leaves nothing behind").isZero();
      caller.send(caller.conclusionRequest("publish:live_good", induction.cookie(), 0).packet(1000, 0));
      Handshake reply = caller.receiveHandshake();
      assertThat(reply.type()).isEqualTo(Handshake.CONCLUSION);
      assertThat(reply.socketId()).isNotZero();
      HsExtension hsrsp = HsExtension.decode(reply.find(Handshake.EXT_HSRSP).content());
      assertThat(hsrsp.receiverDelay()).as("max(20, 120)").isEqualTo(120);
      caller.peerSocket = reply.socketId();
      for (int i = 0; i < 5; i++) {
        caller.data(caller.isn + i, 2000 + i * 1000, payload(i));
      }
      ControlPacket ack = (ControlPacket) caller.receive(ControlPacket.ACK, 2000);
      assertThat(Ack.decode(ack).nextSeq()).isEqualTo(caller.isn + 5);
      caller.send(new ControlPacket(ControlPacket.ACKACK, ack.typeInfo(), 9000, reply.socketId(), Buffer.buffer()));
      CollectingAdmission.Sink sink = admission.await("live_good");
      sink.awaitMessages(5);
      assertThat(new String(sink.bytes())).isEqualTo("message-0message-1message-2message-3message-4");
      caller.send(new ControlPacket(ControlPacket.SHUTDOWN, 0, 10000, reply.socketId(), Buffer.buffer(4)));
      sink.awaitEnd();
      assertThat(sink.ends.get()).isEqualTo(1);
    }
    assertThat(state()).isZero();
  }

  @Test
  void repeatedConclusionsGetTheSameReplyAndOneAdmission(Vertx vertx) throws Exception {
    start(vertx, SrtSettings.defaults());
    try (RawSrtCaller good = new RawSrtCaller(port, 78); RawSrtCaller bad = new RawSrtCaller(port, 79)) {
      Handshake conclusion = good.conclusionRequest("publish:live_good", good.induction().cookie(), 0);
      good.send(conclusion.packet(1000, 0));
      Handshake first = good.receiveHandshake();
      good.send(conclusion.packet(1250, 0));
      Handshake second = good.receiveHandshake();
      assertThat(second).isEqualTo(first);
      assertThat(first.type()).isEqualTo(Handshake.CONCLUSION);

      Handshake refused = bad.conclusionRequest("publish:live_unknown", bad.induction().cookie(), 0);
      bad.send(refused.packet(1000, 0));
      Handshake r1 = bad.receiveHandshake();
      bad.send(refused.packet(1250, 0));
      Handshake r2 = bad.receiveHandshake();
      assertThat(r1.type()).isEqualTo(1000 + SrtRejected.FORBIDDEN);
      assertThat(r2).isEqualTo(r1);
      assertThat(admission.asked).containsExactly("live_good", "live_unknown");
    }
  }

  @Test
  void handshakeRejections(Vertx vertx) throws Exception {
    start(vertx, SrtSettings.defaults().withMaxConnections(1));
    try (RawSrtCaller a = new RawSrtCaller(port, 80); RawSrtCaller b = new RawSrtCaller(port, 81);
        RawSrtCaller c = new RawSrtCaller(port, 82); RawSrtCaller d = new RawSrtCaller(port, 83)) {
      a.send(a.conclusionRequest("publish:live_good", a.induction().cookie(), 2).packet(1000, 0));
      assertThat(a.receiveHandshake().type()).as("encryption").isEqualTo(1000 + SrtRejected.UNSECURE);
      assertThat(b.connect("#!::r=live/live_good").type()).as("play").isEqualTo(1000 + SrtRejected.BAD_MODE);
      assertThat(c.connect("publish:live_good").type()).isEqualTo(Handshake.CONCLUSION);
      assertThat(d.connect("publish:live_other").type()).as("full").isEqualTo(1000 + SrtRejected.BACKLOG);
      assertThat(admission.asked).containsExactly("live_good");
    }
  }

  @Test
  void garbageAndStrangersAreIgnored(Vertx vertx) throws Exception {
    start(vertx, SrtSettings.defaults());
    Random random = new Random(7);
    try (RawSrtCaller caller = new RawSrtCaller(port, 84); RawSrtCaller stranger = new RawSrtCaller(port, 85)) {
      for (int i = 0; i < 2000; i++) {
        byte[] junk = new byte[random.nextInt(120)];
        random.nextBytes(junk);
        stranger.send(Buffer.buffer(junk));
      }
      Buffer truncated = new ControlPacket(ControlPacket.HANDSHAKE, 0, 0, 0, Buffer.buffer(new byte[30])).encode();
      stranger.send(truncated);
      stranger.send(new ControlPacket(ControlPacket.HANDSHAKE, 0, 0, 0, Buffer.buffer(new byte[48])
          .appendUnsignedShort(5).appendUnsignedShort(100)).encode());
      stranger.send(new ControlPacket(ControlPacket.ACKACK, 1, 0, 12345, Buffer.buffer()));
      stranger.send(new DataPacket(1, 3, false, 0, false, 1, 0, 12345, Buffer.buffer("x")));
      // a conclusion with a made-up cookie is not answered and asks no one
      stranger.send(stranger.conclusionRequest("publish:live_good", 1234, 0).packet(0, 0));
      assertThat(stranger.receiveHandshake()).isNull();

      assertThat(caller.connect("publish:live_good").type()).isEqualTo(Handshake.CONCLUSION);
      // the stranger knows the socket id but not the caller's address
      stranger.peerSocket = caller.peerSocket;
      stranger.data(caller.isn, 0, Buffer.buffer("forged"));
      caller.data(caller.isn, 0, Buffer.buffer("real"));
      CollectingAdmission.Sink sink = admission.await("live_good");
      sink.awaitMessages(1);
      Thread.sleep(300);
      assertThat(new String(sink.bytes())).isEqualTo("real");
      assertThat(admission.asked).containsExactly("live_good");
      assertThat(listener.ignoredDatagrams()).isGreaterThan(100);
    }
  }

  @Test
  void anInductionFloodKeepsNoState(Vertx vertx) throws Exception {
    start(vertx, SrtSettings.defaults());
    try (RawSrtCaller flood = new RawSrtCaller(port, 86)) {
      for (int i = 0; i < 5000; i++) {
        flood.send(new Handshake(4, 0, 2, i, 1500, 8192, Handshake.INDUCTION, i + 1, 0,
            Handshake.peerIp(new byte[4]), List.of()).packet(0, 0));
      }
      assertThat(flood.receiveHandshake().type()).isEqualTo(Handshake.INDUCTION);
      assertThat(state()).isZero();
    }
  }

  @Test
  void aSilentCallerTimesOut(Vertx vertx) throws Exception {
    start(vertx, SrtSettings.defaults().withIdleTimeout(Duration.ofMillis(300)));
    try (RawSrtCaller caller = new RawSrtCaller(port, 87)) {
      caller.connect("publish:live_good");
      CollectingAdmission.Sink sink = admission.await("live_good");
      sink.awaitEnd();
      assertThat(listener.connections()).isEmpty();
    }
  }

  @Test
  void aBufferThatStaysFullIsDroppedAndOthersCarryOn(Vertx vertx) throws Exception {
    start(vertx, SrtSettings.defaults().withLatencyMillis(20).withBounds(64, 1 << 20, Duration.ofMillis(200)));
    try (RawSrtCaller stuck = new RawSrtCaller(port, 88); RawSrtCaller fine = new RawSrtCaller(port, 89)) {
      stuck.connect("publish:live_good");
      fine.connect("publish:live_other");
      // timestamps an hour ahead: nothing is due, the window fills and stays full
      for (int i = 0; i < 64; i++) {
        stuck.data(stuck.isn + i, 2_000_000_000 + i, payload(i));
      }
      CollectingAdmission.Sink stuckSink = admission.await("live_good");
      stuckSink.awaitEnd();
      assertThat(stuck.receive(ControlPacket.SHUTDOWN, 2000)).as("told to go").isNotNull();
      fine.data(fine.isn, 2000, payload(1));
      CollectingAdmission.Sink fineSink = admission.await("live_other");
      fineSink.awaitMessages(1);
      assertThat(fineSink.ends.get()).isZero();
      assertThat(stuckSink.messages.get()).as("the tail is handed over").isEqualTo(64);
    }
  }

  @Test
  void reelayCanDisconnectAPublisher(Vertx vertx) throws Exception {
    start(vertx, SrtSettings.defaults());
    try (RawSrtCaller caller = new RawSrtCaller(port, 90)) {
      caller.connect("publish:live_good");
      CollectingAdmission.Sink sink = admission.await("live_good");
      admission.disconnects.get("live_good").run();
      sink.awaitEnd();
      assertThat(caller.receive(ControlPacket.SHUTDOWN, 2000)).isNotNull();
    }
  }
}
