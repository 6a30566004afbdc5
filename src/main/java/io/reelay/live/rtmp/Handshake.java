package io.reelay.live.rtmp;

import io.vertx.core.buffer.Buffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The server side of the simple RTMP handshake: C0+C1 in, S0+S1+S2 out, then C2 in.
 *
 * <p>S1 carries zero in its version field, which tells FFmpeg, librtmp (OBS) and Flash-era clients to skip the
 * digest (FP9) handshake; S2 echoes C1. C2 is accepted whatever it holds, as nginx-rtmp and FFmpeg do with each
 * other. Incremental: bytes may arrive split anywhere.
 */
final class Handshake {

  static final int VERSION = 3;
  static final int PACKET_SIZE = 1536;

  private Buffer pending = Buffer.buffer();
  private boolean replied;
  private boolean done;
  private Buffer leftover = Buffer.buffer();

  /**
   * Takes the next bytes from the client.
   *
   * @return S0+S1+S2 once C0+C1 are complete (send it), otherwise null
   * @throws RtmpProtocolException if C0 asks for another version (e.g. 6, encrypted RTMPE)
   */
  Buffer feed(Buffer data) {
    if (done) {
      leftover.appendBuffer(data);
      return null;
    }
    pending.appendBuffer(data);
    if (pending.length() > 0 && pending.getUnsignedByte(0) != VERSION) {
      throw new RtmpProtocolException("handshake: unsupported RTMP version " + pending.getUnsignedByte(0));
    }
    Buffer reply = null;
    if (!replied && pending.length() >= 1 + PACKET_SIZE) {
      reply = reply(pending.getBuffer(1, 1 + PACKET_SIZE));
      replied = true;
    }
    int total = 1 + 2 * PACKET_SIZE;
    if (replied && pending.length() >= total) {
      done = true;
      leftover = pending.getBuffer(total, pending.length()); // the first chunks may share the C2 read
      pending = null;
    }
    return reply;
  }

  boolean done() {
    return done;
  }

  /** Bytes that followed C2: the start of the chunk stream. */
  Buffer leftover() {
    Buffer out = leftover;
    leftover = Buffer.buffer();
    return out;
  }

  private static Buffer reply(Buffer c1) {
    byte[] random = new byte[PACKET_SIZE - 8];
    ThreadLocalRandom.current().nextBytes(random);
    return Buffer.buffer(1 + 2 * PACKET_SIZE)
        .appendByte((byte) VERSION)
        .appendInt((int) (System.currentTimeMillis() & 0x7FFFFFFF)).appendInt(0).appendBytes(random) // S1
        .appendBuffer(c1); // S2
  }
}
