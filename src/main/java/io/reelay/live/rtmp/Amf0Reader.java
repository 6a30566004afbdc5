package io.reelay.live.rtmp;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF0 from a message payload. Every length is checked against what is left of the payload before it is
 * used, and nesting is bounded, so garbage is a clean {@link RtmpProtocolException}, never an out-of-bounds read,
 * a huge allocation or a stack overflow.
 */
final class Amf0Reader {

  private static final int MAX_DEPTH = 32;

  private final Buffer in;
  private int pos;

  Amf0Reader(Buffer in) {
    this.in = in;
  }

  List<Object> readAll() {
    List<Object> values = new ArrayList<>();
    while (pos < in.length()) {
      values.add(read(0));
    }
    return values;
  }

  private Object read(int depth) {
    if (depth > MAX_DEPTH) {
      throw new RtmpProtocolException("AMF0 nested deeper than " + MAX_DEPTH);
    }
    int marker = u8();
    return switch (marker) {
      case Amf0.NUMBER -> number();
      case Amf0.BOOLEAN -> u8() != 0;
      case Amf0.STRING -> string(u16());
      case Amf0.LONG_STRING -> string(length(u32()));
      case Amf0.OBJECT -> properties(new LinkedHashMap<>(), depth);
      case Amf0.ECMA_ARRAY -> {
        u32(); // an advisory count; the entries end with an object-end marker like an object's
        yield properties(new Amf0.EcmaArray(), depth);
      }
      case Amf0.STRICT_ARRAY -> {
        int count = length(u32());
        List<Object> list = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
          list.add(read(depth + 1));
        }
        yield list;
      }
      case Amf0.NULL -> null;
      case Amf0.UNDEFINED_MARKER -> Amf0.UNDEFINED;
      case Amf0.DATE -> {
        double millis = number();
        need(2);
        short tz = in.getShort(pos);
        pos += 2;
        yield new Amf0.Date(millis, tz);
      }
      default -> throw new RtmpProtocolException("unsupported AMF0 marker 0x" + Integer.toHexString(marker));
    };
  }

  private <M extends Map<String, Object>> M properties(M map, int depth) {
    while (true) {
      String key = string(u16());
      if (key.isEmpty() && pos < in.length() && in.getUnsignedByte(pos) == Amf0.OBJECT_END) {
        pos++;
        return map;
      }
      map.put(key, read(depth + 1));
    }
  }

  private double number() {
    need(8);
    double d = in.getDouble(pos);
    pos += 8;
    return d;
  }

  private String string(int length) {
    need(length);
    String s = in.getString(pos, pos + length, StandardCharsets.UTF_8.name());
    pos += length;
    return s;
  }

  /** A 32-bit count or length, which can only be valid if that many bytes (at least) are left. */
  private int length(long value) {
    if (value > in.length() - pos) {
      throw new RtmpProtocolException("AMF0 length " + value + " exceeds the " + (in.length() - pos) + " bytes left");
    }
    return (int) value;
  }

  private int u8() {
    need(1);
    return in.getUnsignedByte(pos++);
  }

  private int u16() {
    need(2);
    int v = in.getUnsignedShort(pos);
    pos += 2;
    return v;
  }

  private long u32() {
    need(4);
    long v = in.getUnsignedInt(pos);
    pos += 4;
    return v;
  }

  private void need(int n) {
    if (n > in.length() - pos) {
      throw new RtmpProtocolException("AMF0 value truncated: needs " + n + " bytes, " + (in.length() - pos) + " left");
    }
  }
}
