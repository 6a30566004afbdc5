package io.reelay.media;

/**
 * A transcode that failed. The message is the reason, written to be shown to the uploader as is (it
 * never contains a server path); the cause, when there is one, is for the log.
 */
public final class TranscodeException extends Exception {

  public TranscodeException(String reason) {
    super(reason);
  }

  public TranscodeException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
