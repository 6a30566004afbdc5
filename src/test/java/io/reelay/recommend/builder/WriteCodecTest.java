package io.reelay.recommend.builder;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.recommend.model.Write;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteCodecTest {

  /** Every kind of write, with ids beyond ASCII (a NUL, accents, a CJK character, an emoji's surrogate pair). */
  private static final List<Write> WRITES = List.of(
      new Write.ZIncrBy("rec:i:v1:co", "v2", 0.1 + 0.2),
      new Write.ZIncrBy("rec:u:u:é\u0000:tags", "アニメ", -1.5e-300),
      new Write.ZTrim("rec:i:v1:co", 200), new Write.LPushTrim("rec:u:u:1:recent", "12 v\uD83D\uDE00", 50),
      new Write.SAdd("rec:u:u:1:completed", "v1"), new Write.HSet("rec:i:v1", Map.of("creator", "c1", "tags", "a,b")));

  @Test
  void writesComeBackAsTheyWent() {
    assertThat(WriteCodec.decode(WriteCodec.encode(WRITES))).isEqualTo(WRITES);
  }

  @Test
  void theBytesAreThoseOfADataOutputStreamSoLogsOfEarlierBuildsStillReplay() throws IOException {
    // Writes of the first kinds: an HSet's field order is the map's, asserted above through the round trip.
    List<Write> writes = new ArrayList<>(WRITES.subList(0, 5));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeUTF("rec:i:v1:co");
      out.writeUTF("v2");
      out.writeDouble(0.1 + 0.2);
      out.writeByte(1);
      out.writeUTF("rec:u:u:é\u0000:tags");
      out.writeUTF("アニメ");
      out.writeDouble(-1.5e-300);
      out.writeByte(2);
      out.writeUTF("rec:i:v1:co");
      out.writeInt(200);
      out.writeByte(3);
      out.writeUTF("rec:u:u:1:recent");
      out.writeUTF("12 v\uD83D\uDE00");
      out.writeInt(50);
      out.writeByte(4);
      out.writeUTF("rec:u:u:1:completed");
      out.writeUTF("v1");
    }
    assertThat(WriteCodec.encode(writes)).isEqualTo(bytes.toByteArray());
  }
}
