package io.reelay.live.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The receiver against a made-up clock (microseconds): TSBPD, loss, ACK/ACKACK, drops, bounds, wrap. */
class SrtReceiverTest {

  private static final int LATENCY = 120_000;
  private final List<ControlPacket> sent = new ArrayList<>();
  private final List<String> delivered = new ArrayList<>();
  private final List<Long> lateness = new ArrayList<>();
  private final ByteBudget budget = new ByteBudget(1 << 20);
  private SrtReceiver receiver = receiver(1000, 0, 64);

  private SrtReceiver receiver(int isn, int handshakeTimestamp, int window) {
    return new SrtReceiver(9, 0, isn, window, new TsbpdClock(0, handshakeTimestamp, LATENCY), budget,
        new SrtReceiver.Output() {
          @Override
          public void send(ControlPacket packet) {
            sent.add(packet);
          }

          @Override
          public void deliver(Buffer message) {
            delivered.add(message.toString());
          }

          @Override
          public void lateness(long micros) {
            lateness.add(micros);
          }
        });
  }

  private void data(int seq, int timestamp, long now) {
    data(seq, DataPacket.SOLO, timestamp, false, now);
  }

  private void data(int seq, int position, int timestamp, boolean retransmitted, long now) {
    receiver.onData(new DataPacket(seq, position, false, 0, retransmitted, seq & 0xFFFF, timestamp, 1,
        Buffer.buffer("m" + seq)), now);
  }

  private List<ControlPacket> sent(int type) {
    return sent.stream().filter(p -> p.type() == type).toList();
  }

  @Test
  void messagesAreDeliveredAtTimestampPlusLatency() {
    data(1000, 10_000, 10_000);
    data(1001, 20_000, 20_500);
    receiver.tick(129_999);
    assertThat(delivered).isEmpty();
    receiver.tick(130_000);
    assertThat(delivered).containsExactly("m1000");
    receiver.tick(140_000);
    assertThat(delivered).containsExactly("m1000", "m1001");
    assertThat(budget.used()).isZero();
  }

  @Test
  void eachTsbpdDeliveryReportsHowLateItWasButNotTheFlushAtTheEnd() {
    data(1000, 10_000, 10_000);
    data(1001, 12_000, 12_000);
    data(1002, 500_000, 13_000);
    receiver.tick(133_000); // 1000 due at 130 000, 1001 at 132 000
    assertThat(delivered).containsExactly("m1000", "m1001");
    assertThat(lateness).containsExactly(3_000L, 1_000L);
    receiver.finish(140_000); // 1002 is handed over early at the end: not a TSBPD delivery
    assertThat(delivered).hasSize(3);
    assertThat(lateness).hasSize(2);
  }

  @Test
  void aGapIsNakedAtOnceAndAgainUntilRepaired() {
    data(1000, 0, 0);
    receiver.tick(10_000);
    receiver.onControl(new ControlPacket(ControlPacket.ACKACK, 1, 0, 1, Buffer.buffer()), 10_200); // RTT 0.2 ms
    data(1003, 0, 10_300);
    List<ControlPacket> naks = sent(ControlPacket.NAK);
    assertThat(naks).hasSize(1);
    assertThat(LossList.decode(naks.get(0).cif())).containsExactly(new LossList.Range(1001, 1002));
    assertThat(receiver.lost).isEqualTo(2);

    receiver.tick(20_000);
    assertThat(sent(ControlPacket.NAK)).as("periodic NAK").hasSize(2);
    data(1001, DataPacket.SOLO, 0, true, 25_000);
    receiver.tick(40_000);
    assertThat(sent(ControlPacket.NAK)).hasSize(3);
    assertThat(LossList.decode(sent(ControlPacket.NAK).get(2).cif())).containsExactly(new LossList.Range(1002, 1002));
    data(1002, DataPacket.SOLO, 0, true, 41_000);
    receiver.tick(LATENCY);
    assertThat(delivered).containsExactly("m1000", "m1001", "m1002", "m1003");
    assertThat(receiver.retransmitted).isEqualTo(2);
    assertThat(receiver.dropped).isZero();
  }

  @Test
  void aHoleIsGivenUpWhenThePacketAfterItIsDue() {
    data(1000, 0, 0);
    data(1002, 5_000, 5_000);
    receiver.tick(LATENCY + 4_999);
    assertThat(delivered).containsExactly("m1000");
    receiver.tick(LATENCY + 5_000);
    assertThat(delivered).containsExactly("m1000", "m1002");
    assertThat(receiver.dropped).isEqualTo(1);
    data(1001, DataPacket.SOLO, 1_000, true, LATENCY + 6_000);
    assertThat(receiver.discarded).as("too late").isEqualTo(1);
    assertThat(receiver.ackSeq()).isEqualTo(1003);
  }

  @Test
  void fullAcksEvery10msAndTheirAckacksMeasureTheRtt() {
    for (int i = 0; i < 5; i++) {
      data(1000 + i, 0, 1_000);
    }
    receiver.tick(10_000);
    List<ControlPacket> acks = sent(ControlPacket.ACK);
    assertThat(acks).hasSize(1);
    Ack ack = Ack.decode(acks.get(0));
    assertThat(ack.ackNo()).isEqualTo(1);
    assertThat(ack.nextSeq()).isEqualTo(1005);
    assertThat(ack.available()).isEqualTo(64 - 5);
    receiver.onControl(new ControlPacket(ControlPacket.ACKACK, 1, 0, 1, Buffer.buffer()), 10_300);
    assertThat(receiver.rttMicros()).isEqualTo(300);
    assertThat(receiver.rttVarMicros()).isEqualTo(150);
    receiver.tick(20_000);
    assertThat(sent(ControlPacket.ACK)).as("nothing new to acknowledge").hasSize(1);
    data(1005, 0, 21_000);
    receiver.tick(30_000);
    assertThat(Ack.decode(sent(ControlPacket.ACK).get(1)).ackNo()).isEqualTo(2);
    receiver.onControl(new ControlPacket(ControlPacket.ACKACK, 2, 0, 1, Buffer.buffer()), 30_700);
    assertThat(receiver.rttMicros()).isEqualTo((7 * 300 + 700) / 8);
  }

  @Test
  void aLightAckEvery64Packets() {
    receiver = receiver(1000, 0, 256);
    for (int i = 0; i < 64; i++) {
      data(1000 + i, 0, 1_000);
    }
    List<ControlPacket> acks = sent(ControlPacket.ACK);
    assertThat(acks).hasSize(1);
    assertThat(Ack.decode(acks.get(0)).isLight()).isTrue();
    assertThat(Ack.decode(acks.get(0)).nextSeq()).isEqualTo(1064);
  }

  @Test
  void sequenceNumbersWrapInsideTheBuffer() {
    int start = SeqNo.MASK - 2;
    receiver = receiver(start, 0, 64);
    data(start, 0, 0);
    data(SeqNo.MASK, 0, 0);
    assertThat(LossList.decode(sent(ControlPacket.NAK).get(0).cif()))
        .containsExactly(new LossList.Range(SeqNo.MASK - 1, SeqNo.MASK - 1));
    data(2, 0, 0);
    assertThat(LossList.decode(sent(ControlPacket.NAK).get(1).cif())).containsExactly(new LossList.Range(0, 1));
    data(SeqNo.MASK - 1, 0, 0);
    data(0, 0, 0);
    data(1, 0, 0);
    receiver.tick(LATENCY);
    assertThat(delivered).containsExactly("m" + start, "m" + (SeqNo.MASK - 1), "m" + SeqNo.MASK, "m0", "m1", "m2");
    assertThat(receiver.ackSeq()).isEqualTo(3);
  }

  @Test
  void timestampsWrapAt2To32Microseconds() {
    receiver = receiver(1000, 0xFFFF_FF00, 64);
    data(1000, 0xFFFF_FF80, 0x80);
    data(1001, 0x0000_0100, 0x200);
    receiver.tick(0x80 + LATENCY);
    assertThat(delivered).containsExactly("m1000");
    receiver.tick(0x1FF + LATENCY);
    assertThat(delivered).hasSize(1);
    receiver.tick(0x200 + LATENCY);
    assertThat(delivered).containsExactly("m1000", "m1001");
  }

  @Test
  void multiPacketMessagesAreReassembledOrDroppedWhole() {
    data(1000, DataPacket.FIRST, 0, false, 0);
    data(1001, DataPacket.MIDDLE, 0, false, 0);
    data(1002, DataPacket.LAST, 0, false, 0);
    data(1003, DataPacket.FIRST, 1_000, false, 0);
    data(1005, DataPacket.LAST, 1_000, false, 0); // 1004 never comes
    data(1006, DataPacket.SOLO, 2_000, false, 0);
    receiver.tick(LATENCY);
    assertThat(delivered).containsExactly("m1000m1001m1002");
    receiver.tick(LATENCY + 2_000);
    assertThat(delivered).containsExactly("m1000m1001m1002", "m1006");
    assertThat(receiver.dropped).as("1003, 1004 (missing), 1005").isEqualTo(3);
  }

  @Test
  void theWindowBoundsWhatIsHeld() {
    data(1000, 0, 0);
    data(1000 + 64, 0, 0);
    assertThat(receiver.discarded).as("beyond the window").isEqualTo(1);
    data(1000 + 63, 0, 0);
    assertThat(receiver.full()).isTrue();
    data(1000, 0, 0);
    assertThat(receiver.discarded).as("duplicate").isEqualTo(2);
    receiver.finish(0);
    assertThat(delivered).as("the tail is handed over at the end").containsExactly("m1000", "m1063");
    assertThat(budget.used()).isZero();
  }

  @Test
  void theSharedByteBoundRefusesPackets() {
    ByteBudget small = new ByteBudget(10);
    SrtReceiver r = new SrtReceiver(9, 0, 1000, 64, new TsbpdClock(0, 0, LATENCY), small, new SrtReceiver.Output() {
      @Override
      public void send(ControlPacket packet) {}

      @Override
      public void deliver(Buffer message) {}
    });
    r.onData(new DataPacket(1000, DataPacket.SOLO, false, 0, false, 1, 0, 1, Buffer.buffer(new byte[8])), 0);
    r.onData(new DataPacket(1001, DataPacket.SOLO, false, 0, false, 1, 0, 1, Buffer.buffer(new byte[8])), 0);
    assertThat(r.discarded).isEqualTo(1);
    assertThat(small.refusedSinceLastAsked()).isTrue();
    r.finish(0);
    assertThat(small.used()).isZero();
  }

  @Test
  void aDropRequestSkipsWhatTheSenderGaveUp() {
    data(1000, 0, 0);
    data(1004, 0, 0);
    receiver.onControl(new ControlPacket(ControlPacket.DROP_REQUEST, 0, 0, 1,
        Buffer.buffer().appendInt(1001).appendInt(1003)), 10);
    assertThat(receiver.ackSeq()).isEqualTo(1005);
    receiver.tick(LATENCY);
    assertThat(delivered).containsExactly("m1000", "m1004");
    assertThat(receiver.dropped).isEqualTo(3);
  }

  @Test
  void clockDriftMovesTheBaseInBoundedSteps() {
    data(1000, 0, 0);
    data(1001, 1_000, 1_000);
    // the sender's clock runs 10 ms behind ours by now: each ACKACK arrives 10 ms "late"; 5 ms of it is tolerated
    // and the rest followed in steps of at most 2 ms, so held packets are not all made overdue at once
    driftWindow(10_000);
    receiver.tick(LATENCY + TsbpdClock.MAX_STEP - 1);
    assertThat(delivered).isEmpty();
    receiver.tick(LATENCY + TsbpdClock.MAX_STEP);
    assertThat(delivered).containsExactly("m1000");
    driftWindow(10_000); // still 10 ms: 8 ms against the moved base, another full step
    receiver.tick(LATENCY + 1_000 + 2 * TsbpdClock.MAX_STEP - 1);
    assertThat(delivered).containsExactly("m1000");
    receiver.tick(LATENCY + 1_000 + 2 * TsbpdClock.MAX_STEP);
    assertThat(delivered).containsExactly("m1000", "m1001");
  }

  @Test
  void clockDriftWithinFiveMillisecondsMovesNothing() {
    data(1000, 0, 0);
    driftWindow(-4_900);
    receiver.tick(LATENCY - 1);
    assertThat(delivered).isEmpty();
    receiver.tick(LATENCY);
    assertThat(delivered).containsExactly("m1000");
  }

  /** A window of ACKACKs, each sent at the sender's time 0 and arriving at local time {@code arrival}. */
  private void driftWindow(long arrival) {
    for (int i = 0; i < TsbpdClock.DRIFT_SAMPLES; i++) {
      receiver.onControl(new ControlPacket(ControlPacket.ACKACK, 0, 0, 1, Buffer.buffer()), arrival);
    }
  }

  @Test
  void keepalivesWhenNothingElseIsSentAndShutdown() {
    receiver.tick(999_999);
    assertThat(sent(ControlPacket.KEEPALIVE)).isEmpty();
    receiver.tick(1_000_000);
    assertThat(sent(ControlPacket.KEEPALIVE)).hasSize(1);
    assertThat(receiver.idleFor(1_000_000)).isEqualTo(1_000_000);
    assertThat(receiver.onControl(new ControlPacket(ControlPacket.SHUTDOWN, 0, 0, 1, Buffer.buffer()), 5)).isTrue();
  }
}
