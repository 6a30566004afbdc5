package io.reelay.live.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateMessagesTest {

  private static Buffer tag(Buffer out, int type, long ts, byte[] data) {
    return out.appendByte((byte) type).appendMedium(data.length).appendMedium((int) (ts & 0xFFFFFF))
        .appendByte((byte) (ts >>> 24)).appendMedium(0).appendBytes(data).appendInt(11 + data.length);
  }

  @Test
  void splitsTagsAndRebasesTheirTimestamps() {
    Buffer p = Buffer.buffer();
    tag(p, 9, 0x0100_0000L + 5000, new byte[] {1, 2, 3});
    tag(p, 8, 0x0100_0000L + 5020, new byte[] {4});
    List<RtmpMessage> messages = AggregateMessages.split(new RtmpMessage(22, 1, 1000, p));
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).type()).isEqualTo(9);
    assertThat(messages.get(0).timestamp()).isEqualTo(1000);
    assertThat(messages.get(0).payload().getBytes()).containsExactly(1, 2, 3);
    assertThat(messages.get(1).type()).isEqualTo(8);
    assertThat(messages.get(1).timestamp()).isEqualTo(1020);
    assertThat(messages.get(1).streamId()).isEqualTo(1);
  }

  @Test
  void truncatedTagsAreProtocolErrors() {
    Buffer p = tag(Buffer.buffer(), 9, 0, new byte[10]);
    assertThatThrownBy(() -> AggregateMessages.split(new RtmpMessage(22, 1, 0, p.getBuffer(0, p.length() - 1))))
        .isInstanceOf(RtmpProtocolException.class);
    assertThatThrownBy(() -> AggregateMessages.split(new RtmpMessage(22, 1, 0, Buffer.buffer(new byte[5]))))
        .isInstanceOf(RtmpProtocolException.class);
  }
}
