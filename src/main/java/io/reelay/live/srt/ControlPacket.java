package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;

/**
 * A control packet: handshake, ACK, NAK, ACKACK, keepalive, shutdown... and its control information field (CIF).
 *
 * @param typeInfo the type-specific word: the ACK number of ACK and ACKACK, the message number of a drop request
 */
record ControlPacket(int type, int subtype, int typeInfo, int timestamp, int destSocket, Buffer cif)
    implements SrtPacket {

  static final int HANDSHAKE = 0;
  static final int KEEPALIVE = 1;
  static final int ACK = 2;
  static final int NAK = 3;
  static final int CONGESTION_WARNING = 4;
  static final int SHUTDOWN = 5;
  static final int ACKACK = 6;
  static final int DROP_REQUEST = 7;
  static final int PEER_ERROR = 8;

  ControlPacket(int type, int typeInfo, int timestamp, int destSocket, Buffer cif) {
    this(type, 0, typeInfo, timestamp, destSocket, cif);
  }

  static ControlPacket decode(Buffer b) {
    int w0 = b.getInt(0);
    return new ControlPacket((w0 >>> 16) & 0x7FFF, w0 & 0xFFFF, b.getInt(4), b.getInt(8), b.getInt(12),
        b.slice(HEADER, b.length()));
  }

  @Override
  public Buffer encode() {
    return Buffer.buffer(HEADER + cif.length()).appendInt(0x8000_0000 | (type & 0x7FFF) << 16 | subtype & 0xFFFF)
        .appendInt(typeInfo).appendInt(timestamp).appendInt(destSocket).appendBuffer(cif);
  }
}
