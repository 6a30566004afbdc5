package io.reelay.media;

/**
 * A file that Reelay cannot play or transcode. The message is the reason, written to be shown to the
 * uploader as is (it never contains a server path).
 */
public final class UnplayableMediaException extends Exception {

  public UnplayableMediaException(String reason) {
    super(reason);
  }
}
