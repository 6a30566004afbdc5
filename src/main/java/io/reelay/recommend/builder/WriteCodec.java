package io.reelay.recommend.builder;

import io.reelay.recommend.model.Write;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes to bytes and back, for the write log ({@link WriteLog}): a tag byte, then the write's fields. */
final class WriteCodec {

  private static final byte ZINCRBY = 1;
  private static final byte ZTRIM = 2;
  private static final byte LPUSH_TRIM = 3;
  private static final byte SADD = 4;
  private static final byte HSET = 5;

  private WriteCodec() {
  }

  static byte[] encode(List<Write> writes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(writes.size() * 48);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (Write w : writes) {
        // Java 17: no pattern switch yet.
        if (w instanceof Write.ZIncrBy z) {
          out.writeByte(ZINCRBY);
          out.writeUTF(z.key());
          out.writeUTF(z.member());
          out.writeDouble(z.delta());
        } else if (w instanceof Write.ZTrim t) {
          out.writeByte(ZTRIM);
          out.writeUTF(t.key());
          out.writeInt(t.keep());
        } else if (w instanceof Write.LPushTrim l) {
          out.writeByte(LPUSH_TRIM);
          out.writeUTF(l.key());
          out.writeUTF(l.value());
          out.writeInt(l.keep());
        } else if (w instanceof Write.SAdd s) {
          out.writeByte(SADD);
          out.writeUTF(s.key());
          out.writeUTF(s.member());
        } else if (w instanceof Write.HSet h) {
          out.writeByte(HSET);
          out.writeUTF(h.key());
          out.writeInt(h.fields().size());
          for (Map.Entry<String, String> f : h.fields().entrySet()) {
            out.writeUTF(f.getKey());
            out.writeUTF(f.getValue());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static List<Write> decode(byte[] blob) {
    List<Write> out = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
      while (in.available() > 0) {
        byte tag = in.readByte();
        switch (tag) {
          case ZINCRBY -> out.add(new Write.ZIncrBy(in.readUTF(), in.readUTF(), in.readDouble()));
          case ZTRIM -> out.add(new Write.ZTrim(in.readUTF(), in.readInt()));
          case LPUSH_TRIM -> out.add(new Write.LPushTrim(in.readUTF(), in.readUTF(), in.readInt()));
          case SADD -> out.add(new Write.SAdd(in.readUTF(), in.readUTF()));
          case HSET -> {
            String key = in.readUTF();
            int n = in.readInt();
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
              fields.put(in.readUTF(), in.readUTF());
            }
            out.add(new Write.HSet(key, fields));
          }
          default -> throw new IllegalArgumentException("not a logged write: tag " + tag);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
