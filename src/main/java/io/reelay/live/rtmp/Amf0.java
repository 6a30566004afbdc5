package io.reelay.live.rtmp;

import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0 (Adobe's Action Message Format 0), the encoding of RTMP commands and metadata, as Java values:
 *
 * <table>
 *   <tr><th>AMF0</th><th>Java</th></tr>
 *   <tr><td>number</td><td>{@link Double}</td></tr>
 *   <tr><td>boolean</td><td>{@link Boolean}</td></tr>
 *   <tr><td>string, long string</td><td>{@link String}</td></tr>
 *   <tr><td>object</td><td>{@code Map<String, Object>} (insertion ordered)</td></tr>
 *   <tr><td>ECMA array</td><td>{@link EcmaArray} (also a map)</td></tr>
 *   <tr><td>strict array</td><td>{@code List<Object>}</td></tr>
 *   <tr><td>null</td><td>{@code null}</td></tr>
 *   <tr><td>undefined</td><td>{@link #UNDEFINED}</td></tr>
 *   <tr><td>date</td><td>{@link Date}</td></tr>
 * </table>
 */
public final class Amf0 {

  static final int NUMBER = 0x00;
  static final int BOOLEAN = 0x01;
  static final int STRING = 0x02;
  static final int OBJECT = 0x03;
  static final int NULL = 0x05;
  static final int UNDEFINED_MARKER = 0x06;
  static final int ECMA_ARRAY = 0x08;
  static final int OBJECT_END = 0x09;
  static final int STRICT_ARRAY = 0x0A;
  static final int DATE = 0x0B;
  static final int LONG_STRING = 0x0C;

  /** AMF0's undefined, distinct from null. */
  public enum Undefined { UNDEFINED }

  public static final Undefined UNDEFINED = Undefined.UNDEFINED;

  /** An ECMA (associative) array: what onMetaData carries. */
  public static final class EcmaArray extends LinkedHashMap<String, Object> {
    public EcmaArray() {
    }

    public EcmaArray(Map<String, ?> entries) {
      super(entries);
    }
  }

  /** An AMF0 date: milliseconds since the epoch and a time-zone field that writers set to 0. */
  public record Date(double epochMillis, short timeZone) {
  }

  private Amf0() {
  }

  /** Decodes every value of a command or data message; malformed input is an {@link RtmpProtocolException}. */
  public static List<Object> decodeAll(Buffer payload) {
    return new Amf0Reader(payload).readAll();
  }

  public static Buffer encode(Object... values) {
    Amf0Writer w = new Amf0Writer();
    for (Object v : values) {
      w.write(v);
    }
    return w.buffer();
  }

  /** An object literal from key, value pairs (insertion ordered), for command replies. */
  public static Map<String, Object> object(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
