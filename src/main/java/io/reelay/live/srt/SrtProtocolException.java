package io.reelay.live.srt;

/** A datagram that is not SRT as we speak it: dropped, never answered. No stack trace: peers can send many. */
final class SrtProtocolException extends RuntimeException {

  SrtProtocolException(String message) {
    super(message, null, false, false);
  }
}
