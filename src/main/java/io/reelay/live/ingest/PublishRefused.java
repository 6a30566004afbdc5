package io.reelay.live.ingest;

/** Why a publisher was not admitted; the message is safe to show to the publisher. */
public final class PublishRefused extends RuntimeException {

  /** What the ingest protocols map to their own status codes (RTMP onStatus codes, SRT rejection reasons). */
  public enum Reason { UNKNOWN_KEY, ALREADY_LIVE, UNAVAILABLE }

  private final Reason reason;

  public PublishRefused(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
