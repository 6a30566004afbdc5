package io.reelay.live.rtmp;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reassembles RTMP messages from the chunk stream (RTMP spec 5.3), incrementally over arbitrary TCP splits.
 *
 * <p>Handles the 1/2/3-byte basic headers, message header types 0-3 with per-chunk-stream state, interleaved
 * chunk streams, extended timestamps (also on type-3 chunks), and the two chunk-layer control messages itself:
 * Set Chunk Size (it governs the very next chunk) and Abort. Every other message goes to the handler with an
 * absolute 32-bit timestamp (type 1/2/3 headers carry deltas).
 *
 * <p>Memory is bounded: it holds at most one read's unparsed bytes plus the partly received messages, whose
 * announced sizes are capped in total. Limits broken are {@link RtmpProtocolException}s thrown out of {@link #feed}.
 */
final class ChunkReader {

  static final int DEFAULT_CHUNK_SIZE = 128;
  private static final int[] MESSAGE_HEADER_SIZE = {11, 7, 3, 0};
  private static final int MAX_CHUNK_STREAMS = 64; // real publishers use a handful

  private final int maxChunkSize;
  private final int maxMessageSize;
  private final Consumer<RtmpMessage> handler;
  private final Map<Integer, ChunkStream> streams = new HashMap<>();
  private Buffer buf = Buffer.buffer();
  private int pos;
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private ChunkStream current; // the chunk stream whose payload we are in; null: a chunk header is next
  private int chunkLeft;
  private long partialBytes;
  private boolean paused;
  private boolean parsing;

  ChunkReader(int maxChunkSize, int maxMessageSize, Consumer<RtmpMessage> handler) {
    this.maxChunkSize = maxChunkSize;
    this.maxMessageSize = maxMessageSize;
    this.handler = handler;
  }

  /** Takes the next bytes of the chunk stream; complete messages go to the handler before this returns. */
  void feed(Buffer data) {
    if (pos == buf.length()) {
      buf = data; // nothing left over (the usual case): parse the read itself, no copy
      pos = 0;
    } else {
      buf.appendBuffer(data);
    }
    parse();
  }

  /** Stops handing out messages (backpressure, or the connection is over); the unparsed rest is kept. */
  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    parse();
  }

  int chunkSize() {
    return chunkSize;
  }

  private void parse() {
    if (parsing) {
      return; // resumed from inside the handler: the running loop goes on
    }
    parsing = true;
    try {
      while (!paused && (current != null || readHeader()) && readPayload()) {
        // each round: one chunk
      }
    } finally {
      parsing = false;
      if (pos < buf.length()) {
        buf = buf.getBuffer(pos, buf.length()); // a partial header or chunk: small
        pos = 0;
      }
    }
  }

  /** Reads one chunk header if all of it is here. */
  private boolean readHeader() {
    int avail = buf.length() - pos;
    if (avail < 1) {
      return false;
    }
    int b0 = buf.getUnsignedByte(pos);
    int fmt = b0 >>> 6;
    int csid = b0 & 0x3F;
    int basic = 1;
    if (csid == 0) {
      if (avail < 2) {
        return false;
      }
      csid = 64 + buf.getUnsignedByte(pos + 1);
      basic = 2;
    } else if (csid == 1) {
      if (avail < 3) {
        return false;
      }
      csid = 64 + buf.getUnsignedByte(pos + 1) + 256 * buf.getUnsignedByte(pos + 2);
      basic = 3;
    }
    ChunkStream s = streams.get(csid);
    if (s == null && fmt != 0) {
      throw new RtmpProtocolException("chunk stream " + csid + " starts with a type " + fmt + " header");
    }
    int p = pos + basic;
    int size = basic + MESSAGE_HEADER_SIZE[fmt];
    if (avail < size) {
      return false;
    }
    boolean newMessage = s == null || s.partial == null || fmt != 3;
    long field = fmt <= 2 ? buf.getUnsignedMedium(p) : 0;
    boolean extended = fmt <= 2 ? field == 0xFFFFFF : s.extended;
    boolean extPresent = false;
    if (extended) {
      if (avail < size + 4) {
        return false;
      }
      long value = buf.getUnsignedInt(p + MESSAGE_HEADER_SIZE[fmt]);
      // Some writers (old librtmp) omit it on continuation chunks: there it is only taken if it repeats the
      // message's value, as SRS does.
      extPresent = newMessage || value == s.extendedValue;
      if (extPresent) {
        field = value;
        size += 4;
      }
    }
    if (s == null) {
      if (streams.size() >= MAX_CHUNK_STREAMS) {
        throw new RtmpProtocolException("more than " + MAX_CHUNK_STREAMS + " chunk streams");
      }
      s = new ChunkStream();
      streams.put(csid, s);
    }
    if (fmt != 3 && s.partial != null) {
      dropPartial(s); // a new header before the last message was complete: drop it, as FFmpeg does
    }
    if (fmt <= 1) {
      s.length = buf.getUnsignedMedium(p + 3);
      s.type = buf.getUnsignedByte(p + 6);
      if (s.length > maxMessageSize) {
        throw new RtmpProtocolException("message of " + s.length + " bytes exceeds " + maxMessageSize);
      }
    }
    if (fmt == 0) {
      s.streamId = buf.getIntLE(p + 7);
    }
    if (fmt <= 2) {
      s.extended = extended;
      s.extendedValue = field;
      s.delta = field; // after type 0 the "delta" is the absolute value, as the spec (and FFmpeg's writer) say
      s.timestamp = fmt == 0 ? field : s.timestamp + field;
    } else if (newMessage) {
      if (extPresent) {
        s.delta = field;
        s.extendedValue = field;
      }
      s.timestamp += s.delta;
    }
    s.timestamp &= 0xFFFFFFFFL;
    pos += size;
    if (newMessage) {
      // The whole message's array at once: one copy of each byte, no regrowing. Reserved bytes count against
      // the cap, so headers announcing big messages that never come cannot make us allocate without bound.
      if (partialBytes + s.length > 2L * maxMessageSize) {
        throw new RtmpProtocolException("too many bytes in partly received messages");
      }
      s.partial = new byte[s.length];
      s.received = 0;
      partialBytes += s.length;
    }
    current = s;
    chunkLeft = Math.min(chunkSize, s.length - s.received);
    return true;
  }

  /** Copies what is here of the current chunk's payload; true when the chunk is complete. */
  private boolean readPayload() {
    int n = Math.min(buf.length() - pos, chunkLeft);
    if (n > 0) {
      buf.getBytes(pos, pos + n, current.partial, current.received);
      current.received += n;
      pos += n;
      chunkLeft -= n;
    }
    if (chunkLeft > 0) {
      return false;
    }
    ChunkStream s = current;
    current = null;
    if (s.received == s.length) {
      byte[] payload = s.partial;
      s.partial = null;
      partialBytes -= payload.length;
      dispatch(new RtmpMessage(s.type, s.streamId, s.timestamp, BufferInternal.buffer(Unpooled.wrappedBuffer(payload))));
    }
    return true;
  }

  private void dispatch(RtmpMessage m) {
    switch (m.type()) {
      case RtmpMessage.SET_CHUNK_SIZE -> setChunkSize(readInt(m));
      case RtmpMessage.ABORT -> {
        ChunkStream s = streams.get(readInt(m));
        if (s != null && s.partial != null) {
          dropPartial(s);
        }
      }
      default -> handler.accept(m);
    }
  }

  private void setChunkSize(int size) {
    // The top bit must be zero (spec 5.4.1), so 2^31 reads as negative; 0 would never make progress.
    if (size < 1 || size > maxChunkSize) {
      throw new RtmpProtocolException("invalid chunk size " + Integer.toUnsignedString(size));
    }
    chunkSize = size;
  }

  private void dropPartial(ChunkStream s) {
    partialBytes -= s.partial.length;
    s.partial = null;
  }

  private static int readInt(RtmpMessage m) {
    if (m.payload().length() < 4) {
      throw new RtmpProtocolException("control message " + m.type() + " too short");
    }
    return m.payload().getInt(0);
  }

  /** What a chunk stream remembers from its last header, for the compressed headers that follow. */
  private static final class ChunkStream {
    int type;
    int streamId;
    int length;
    long timestamp;
    long delta;
    boolean extended;
    long extendedValue;
    byte[] partial; // the message being received, sized for all of it; null between messages
    int received; // bytes of it so far
  }
}
