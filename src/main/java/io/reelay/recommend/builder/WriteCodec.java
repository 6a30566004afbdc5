package io.reelay.recommend.builder;

import io.reelay.recommend.model.Write;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
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
    Out out = new Out(writes.size() * 64);
    for (Write w : writes) {
      // Java 17: no pattern switch yet.
      if (w instanceof Write.ZIncrBy z) {
        out.writeByte(ZINCRBY);
        out.writeUTF(z.key());
        out.writeUTF(z.member());
        out.writeLong(Double.doubleToLongBits(z.delta()));
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
    return out.bytes();
  }

  /**
   * What {@link DataOutputStream} writes (so {@link #decode} reads it), into one array sized up front: the log of a
   * batch is its biggest allocation, and the stream's copies, locks and per-string buffers showed in profiles.
   */
  private static final class Out {
    private byte[] buf;
    private int n;

    Out(int capacity) {
      buf = new byte[Math.max(capacity, 64)];
    }

    void writeByte(int b) {
      ensure(1);
      buf[n++] = (byte) b;
    }

    void writeInt(int v) {
      ensure(4);
      for (int shift = 24; shift >= 0; shift -= 8) {
        buf[n++] = (byte) (v >>> shift);
      }
    }

    void writeLong(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[n++] = (byte) (v >>> shift);
      }
    }

    /** Modified UTF-8 behind a two-byte length, as {@link DataOutputStream#writeUTF}. */
    void writeUTF(String s) {
      int chars = s.length();
      ensure(2 + 3 * chars);
      int start = n;
      n += 2;
      for (int i = 0; i < chars; i++) {
        char c = s.charAt(i);
        if (c >= 0x01 && c <= 0x7F) {
          buf[n++] = (byte) c;
        } else if (c <= 0x7FF) {
          buf[n++] = (byte) (0xC0 | (c >> 6));
          buf[n++] = (byte) (0x80 | (c & 0x3F));
        } else {
          buf[n++] = (byte) (0xE0 | (c >> 12));
          buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          buf[n++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      int length = n - start - 2;
      if (length > 0xFFFF) {
        throw new IllegalArgumentException("a logged string is too long: " + length + " bytes");
      }
      buf[start] = (byte) (length >>> 8);
      buf[start + 1] = (byte) length;
    }

    private void ensure(int more) {
      if (n + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
      }
    }

    byte[] bytes() {
      return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }
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
