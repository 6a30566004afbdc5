package io.reelay.upload;

/**
 * A request the tus server refuses, with the status code the tus 1.0 specification gives for it and a
 * message for the client. Thrown or failed with; {@link TusResponses} turns it into the response.
 */
public final class TusException extends RuntimeException {

  private final int status;

  public TusException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static TusException badRequest(String message) {
    return new TusException(400, message);
  }

  static TusException notFound() {
    return new TusException(404, "no such upload");
  }

  static TusException gone(String why) {
    return new TusException(410, "upload " + why);
  }
}
