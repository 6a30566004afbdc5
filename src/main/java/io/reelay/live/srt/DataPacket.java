package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;

/**
 * A data packet: one message, or a part of one (the position bits), of the live stream.
 *
 * @param seq 31-bit packet sequence number
 * @param position {@link #SOLO}, {@link #FIRST}, {@link #MIDDLE} or {@link #LAST} part of its message
 * @param inOrder the O flag (ignored in live mode)
 * @param encryption the KK bits: 0 clear, else the key the payload is encrypted with
 * @param retransmitted the R flag: the sender sent this packet before
 * @param messageNo 26-bit message number
 */
record DataPacket(int seq, int position, boolean inOrder, int encryption, boolean retransmitted, int messageNo,
    int timestamp, int destSocket, Buffer payload) implements SrtPacket {

  static final int MIDDLE = 0;
  static final int LAST = 1;
  static final int FIRST = 2;
  static final int SOLO = 3;
  static final int MESSAGE_NO_MASK = 0x03FF_FFFF;

  static DataPacket decode(Buffer b) {
    int w1 = b.getInt(4);
    return new DataPacket(b.getInt(0) & SeqNo.MASK, w1 >>> 30, (w1 & 1 << 29) != 0, (w1 >>> 27) & 3,
        (w1 & 1 << 26) != 0, w1 & MESSAGE_NO_MASK, b.getInt(8), b.getInt(12), b.slice(HEADER, b.length()));
  }

  @Override
  public Buffer encode() {
    int w1 = position << 30 | (inOrder ? 1 << 29 : 0) | (encryption & 3) << 27 | (retransmitted ? 1 << 26 : 0)
        | messageNo & MESSAGE_NO_MASK;
    return Buffer.buffer(HEADER + payload.length()).appendInt(seq & SeqNo.MASK).appendInt(w1).appendInt(timestamp)
        .appendInt(destSocket).appendBuffer(payload);
  }
}
