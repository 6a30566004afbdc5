package io.reelay.live.rtmp;

/**
 * The publisher sends a codec Reelay does not ingest (HEVC over enhanced RTMP, MP3, ...). Unlike garbage, this
 * is worth telling the publisher: the connection answers with an onStatus error carrying the message, then closes.
 */
public final class UnsupportedMediaException extends RtmpProtocolException {

  public UnsupportedMediaException(String message) {
    super(message);
  }
}
