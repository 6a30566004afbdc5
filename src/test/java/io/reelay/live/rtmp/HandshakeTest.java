package io.reelay.live.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HandshakeTest {

  @Test
  void repliesOnceC0C1AreCompleteAndHandsOnWhatFollowsC2() {
    byte[] c1 = new byte[Handshake.PACKET_SIZE];
    new Random(7).nextBytes(c1);
    byte[] c2 = new byte[Handshake.PACKET_SIZE];
    Buffer client = Buffer.buffer().appendByte((byte) 3).appendBytes(c1).appendBytes(c2).appendBytes(new byte[] {9, 8});
    Handshake hs = new Handshake();
    Buffer reply = null;
    for (int i = 0; i < client.length() - 2; i++) { // one byte at a time, as TCP may deliver it
      Buffer r = hs.feed(client.getBuffer(i, i + 1));
      if (r != null) {
        assertThat(i).as("replied on the last byte of C1").isEqualTo(Handshake.PACKET_SIZE);
        reply = r;
      }
    }
    assertThat(hs.done()).isTrue();
    hs.feed(client.getBuffer(client.length() - 2, client.length()));
    assertThat(hs.leftover().getBytes()).containsExactly(9, 8);
    assertThat(reply.length()).isEqualTo(1 + 2 * Handshake.PACKET_SIZE);
    assertThat(reply.getByte(0)).isEqualTo((byte) 3);
    assertThat(reply.getInt(5)).as("S1 version zero: the simple handshake").isZero();
    assertThat(reply.getBytes(1 + Handshake.PACKET_SIZE, reply.length())).as("S2 echoes C1").isEqualTo(c1);
  }

  @Test
  void c2IsAcceptedWhateverItHolds() {
    Handshake hs = new Handshake();
    byte[] garbage = new byte[1 + 2 * Handshake.PACKET_SIZE];
    new Random(3).nextBytes(garbage);
    garbage[0] = 3;
    assertThat(hs.feed(Buffer.buffer(garbage))).isNotNull();
    assertThat(hs.done()).isTrue();
    assertThat(hs.leftover().length()).isZero();
  }

  @Test
  void otherVersionsAreRefused() {
    assertThatThrownBy(() -> new Handshake().feed(Buffer.buffer(new byte[] {6})))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("version 6");
    assertThatThrownBy(() -> new Handshake().feed(Buffer.buffer("GET / HTTP/1.1\r\n")))
        .isInstanceOf(RtmpProtocolException.class);
  }
}
