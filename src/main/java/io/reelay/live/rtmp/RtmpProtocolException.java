package io.reelay.live.rtmp;

/**
 * The peer broke the RTMP protocol (bad handshake, impossible chunk header, malformed AMF, a limit exceeded). The
 * connection that met it is closed; nothing else is affected. No stack trace: it is an expected outcome of
 * garbage input, not a bug.
 */
public class RtmpProtocolException extends RuntimeException {

  public RtmpProtocolException(String message) {
    super(message, null, false, false);
  }
}
