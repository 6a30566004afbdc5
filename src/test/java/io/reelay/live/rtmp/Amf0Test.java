package io.reelay.live.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Test {

  @Test
  void everyTypeRoundTrips() {
    Amf0.EcmaArray metadata = new Amf0.EcmaArray(Map.of("width", 320.0));
    List<Object> values = Arrays.asList(
        "connect", 1.0, true, false, null, Amf0.UNDEFINED, "",
        "ünïcödé", "x".repeat(70_000), // a long string
        Amf0.object("app", "live", "nested", Amf0.object("n", -2.5), "list", List.of(1.0, "two")),
        metadata, new ArrayList<>(), new Amf0.Date(1.7e12, (short) 0));
    List<Object> decoded = Amf0.decodeAll(Amf0.encode(values.toArray()));
    assertThat(decoded).isEqualTo(values);
    assertThat(decoded.get(10)).isInstanceOf(Amf0.EcmaArray.class);
    assertThat(Amf0.encode("x".repeat(70_000)).getByte(0)).isEqualTo((byte) 0x0C);
  }

  @Test
  void decodesWhatFfmpegSendsOnConnect() {
    // connect("connect", 1, {app:"live", type:"nonprivate", flashVer:"FMLE/3.0", tcUrl:...})
    Buffer b = Amf0.encode("connect", 1.0,
        Amf0.object("app", "live", "type", "nonprivate", "flashVer", "FMLE/3.0 (compatible; Lavf61)",
            "tcUrl", "rtmp://127.0.0.1:1935/live"));
    List<Object> v = Amf0.decodeAll(b);
    assertThat(((Map<?, ?>) v.get(2)).get("app")).isEqualTo("live");
  }

  @Test
  void malformedInputIsACleanProtocolError() {
    Buffer longer = Buffer.buffer().appendByte((byte) 2).appendUnsignedShort(500).appendString("short");
    assertThatThrownBy(() -> Amf0.decodeAll(longer)).isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("truncated");
    Buffer hugeLong = Buffer.buffer().appendByte((byte) 0x0C).appendUnsignedInt(0xFFFF_FFF0L).appendString("x");
    assertThatThrownBy(() -> Amf0.decodeAll(hugeLong)).isInstanceOf(RtmpProtocolException.class);
    Buffer hugeArray = Buffer.buffer().appendByte((byte) 0x0A).appendUnsignedInt(1_000_000_000L);
    assertThatThrownBy(() -> Amf0.decodeAll(hugeArray)).isInstanceOf(RtmpProtocolException.class);
    Buffer number = Buffer.buffer().appendByte((byte) 0).appendInt(1);
    assertThatThrownBy(() -> Amf0.decodeAll(number)).isInstanceOf(RtmpProtocolException.class);
    Buffer unterminated = Amf0.encode(Amf0.object("a", 1.0));
    Buffer cut = unterminated.getBuffer(0, unterminated.length() - 3);
    assertThatThrownBy(() -> Amf0.decodeAll(cut)).isInstanceOf(RtmpProtocolException.class);
    Buffer amf3 = Buffer.buffer().appendByte((byte) 0x11).appendByte((byte) 1);
    assertThatThrownBy(() -> Amf0.decodeAll(amf3)).isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("0x11");
    Buffer deep = Buffer.buffer();
    for (int i = 0; i < 10_000; i++) {
      deep.appendByte((byte) 0x0A).appendUnsignedInt(1);
    }
    deep.appendByte((byte) 5);
    assertThatThrownBy(() -> Amf0.decodeAll(deep)).isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("nested");
  }
}
