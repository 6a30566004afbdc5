package io.reelay.media.fmp4;

/** A codec configuration (avcC, SPS, AudioSpecificConfig) that cannot be read: the message says what is wrong. */
public final class MalformedConfigException extends IllegalArgumentException {

  public MalformedConfigException(String message) {
    super(message);
  }
}
