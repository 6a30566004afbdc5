package io.reelay.live.rtmp;

import io.vertx.core.buffer.Buffer;

/**
 * One reassembled RTMP message.
 *
 * @param type the message type id (see the constants)
 * @param streamId the message stream id (0 for the connection, the createStream id for a published stream)
 * @param timestamp absolute timestamp in milliseconds, as the 32-bit unsigned value the chunk stream carries
 */
public record RtmpMessage(int type, int streamId, long timestamp, Buffer payload) {

  public static final int SET_CHUNK_SIZE = 1;
  public static final int ABORT = 2;
  public static final int ACKNOWLEDGEMENT = 3;
  public static final int USER_CONTROL = 4;
  public static final int WINDOW_ACK_SIZE = 5;
  public static final int SET_PEER_BANDWIDTH = 6;
  public static final int AUDIO = 8;
  public static final int VIDEO = 9;
  public static final int DATA_AMF3 = 15;
  public static final int COMMAND_AMF3 = 17;
  public static final int DATA_AMF0 = 18;
  public static final int COMMAND_AMF0 = 20;
}
