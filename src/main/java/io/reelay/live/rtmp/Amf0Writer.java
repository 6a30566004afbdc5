package io.reelay.live.rtmp;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Encodes Java values as AMF0 (see {@link Amf0} for the mapping). */
final class Amf0Writer {

  private final Buffer out = Buffer.buffer(128);

  Buffer buffer() {
    return out;
  }

  @SuppressWarnings("unchecked")
  Amf0Writer write(Object v) {
    if (v == null) {
      out.appendByte((byte) Amf0.NULL);
    } else if (v == Amf0.UNDEFINED) {
      out.appendByte((byte) Amf0.UNDEFINED_MARKER);
    } else if (v instanceof Number n) {
      out.appendByte((byte) Amf0.NUMBER).appendDouble(n.doubleValue());
    } else if (v instanceof Boolean b) {
      out.appendByte((byte) Amf0.BOOLEAN).appendByte((byte) (b ? 1 : 0));
    } else if (v instanceof String s) {
      string(s);
    } else if (v instanceof Amf0.EcmaArray a) {
      out.appendByte((byte) Amf0.ECMA_ARRAY).appendUnsignedInt(a.size());
      properties(a);
    } else if (v instanceof Map<?, ?> m) {
      out.appendByte((byte) Amf0.OBJECT);
      properties((Map<String, Object>) m);
    } else if (v instanceof List<?> list) {
      out.appendByte((byte) Amf0.STRICT_ARRAY).appendUnsignedInt(list.size());
      list.forEach(this::write);
    } else if (v instanceof Amf0.Date d) {
      out.appendByte((byte) Amf0.DATE).appendDouble(d.epochMillis()).appendShort(d.timeZone());
    } else {
      throw new IllegalArgumentException("no AMF0 form for " + v.getClass().getName());
    }
    return this;
  }

  private void string(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > 0xFFFF) {
      out.appendByte((byte) Amf0.LONG_STRING).appendUnsignedInt(utf8.length);
    } else {
      out.appendByte((byte) Amf0.STRING).appendUnsignedShort(utf8.length);
    }
    out.appendBytes(utf8);
  }

  private void properties(Map<String, Object> map) {
    map.forEach((key, value) -> {
      byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
      out.appendUnsignedShort(utf8.length).appendBytes(utf8);
      write(value);
    });
    out.appendUnsignedShort(0).appendByte((byte) Amf0.OBJECT_END);
  }
}
