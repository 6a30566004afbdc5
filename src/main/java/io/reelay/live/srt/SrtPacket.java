package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;

/**
 * One SRT datagram: a 16-byte header (the top bit tells data from control; then type-specific word, a 32-bit
 * microsecond timestamp of the sender's clock and the destination socket id) and a body.
 */
sealed interface SrtPacket permits DataPacket, ControlPacket {

  int HEADER = 16;

  int timestamp();

  int destSocket();

  Buffer encode();

  /** Reads a datagram; throws {@link SrtProtocolException} for anything too short to be SRT. */
  static SrtPacket decode(Buffer datagram) {
    if (datagram.length() < HEADER) {
      throw new SrtProtocolException("datagram of " + datagram.length() + " bytes");
    }
    return (datagram.getByte(0) & 0x80) != 0 ? ControlPacket.decode(datagram) : DataPacket.decode(datagram);
  }
}
