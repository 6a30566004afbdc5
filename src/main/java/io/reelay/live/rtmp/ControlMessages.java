package io.reelay.live.rtmp;

import io.vertx.core.buffer.Buffer;

/** Builds the protocol control (types 1-6) and user control messages we send (RTMP spec 5.4, 6.2). */
final class ControlMessages {

  static final int STREAM_BEGIN = 0;
  static final int PING_REQUEST = 6;
  static final int PING_RESPONSE = 7;
  /** Set Peer Bandwidth limit type: the peer may take the window as it is or keep a smaller one. */
  private static final int LIMIT_DYNAMIC = 2;

  private ControlMessages() {
  }

  static RtmpMessage setChunkSize(int size) {
    return control(RtmpMessage.SET_CHUNK_SIZE, Buffer.buffer(4).appendInt(size));
  }

  static RtmpMessage windowAckSize(int size) {
    return control(RtmpMessage.WINDOW_ACK_SIZE, Buffer.buffer(4).appendInt(size));
  }

  static RtmpMessage setPeerBandwidth(int size) {
    return control(RtmpMessage.SET_PEER_BANDWIDTH, Buffer.buffer(5).appendInt(size).appendByte((byte) LIMIT_DYNAMIC));
  }

  /** Acknowledgement: the bytes received so far, modulo 2^32. */
  static RtmpMessage acknowledgement(long bytesReceived) {
    return control(RtmpMessage.ACKNOWLEDGEMENT, Buffer.buffer(4).appendUnsignedInt(bytesReceived & 0xFFFFFFFFL));
  }

  /** A user control event with one 32-bit argument (a stream id or a ping timestamp). */
  static RtmpMessage userControl(int event, long argument) {
    return control(RtmpMessage.USER_CONTROL,
        Buffer.buffer(6).appendUnsignedShort(event).appendUnsignedInt(argument & 0xFFFFFFFFL));
  }

  private static RtmpMessage control(int type, Buffer payload) {
    return new RtmpMessage(type, 0, 0, payload);
  }
}
