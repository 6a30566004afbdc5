package io.reelay.live.rtmp;

import io.vertx.core.buffer.Buffer;

/**
 * Encodes our outgoing messages as chunks: a type-0 header, then type-3 continuation chunks at our chunk size.
 * We send little (control messages, command replies), so header compression is not worth its state.
 */
final class ChunkWriter {

  private int chunkSize = ChunkReader.DEFAULT_CHUNK_SIZE;

  /** Changes our outgoing chunk size; send the Set Chunk Size message first (it goes out at the old size). */
  void chunkSize(int size) {
    this.chunkSize = size;
  }

  Buffer write(int csid, RtmpMessage m) {
    Buffer payload = m.payload();
    boolean extended = m.timestamp() >= 0xFFFFFF;
    Buffer out = Buffer.buffer(payload.length() + 18 + payload.length() / chunkSize * 8);
    basicHeader(out, 0, csid)
        .appendMedium(extended ? 0xFFFFFF : (int) m.timestamp())
        .appendMedium(payload.length())
        .appendByte((byte) m.type())
        .appendIntLE(m.streamId());
    int offset = 0;
    do {
      if (offset > 0) {
        basicHeader(out, 3, csid);
      }
      if (extended) {
        out.appendUnsignedInt(m.timestamp()); // also on continuations, as FFmpeg writes and SRS expects
      }
      int n = Math.min(chunkSize, payload.length() - offset);
      out.appendBuffer(payload, offset, n);
      offset += n;
    } while (offset < payload.length());
    return out;
  }

  /** The 1, 2 or 3-byte basic header (spec 5.3.1.1). */
  static Buffer basicHeader(Buffer out, int fmt, int csid) {
    if (csid < 2 || csid > 65599) {
      throw new IllegalArgumentException("chunk stream id " + csid);
    }
    if (csid < 64) {
      return out.appendByte((byte) (fmt << 6 | csid));
    }
    if (csid < 320) {
      return out.appendByte((byte) (fmt << 6)).appendByte((byte) (csid - 64));
    }
    return out.appendByte((byte) (fmt << 6 | 1)).appendByte((byte) ((csid - 64) & 0xFF))
        .appendByte((byte) ((csid - 64) >> 8));
  }
}
