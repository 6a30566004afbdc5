package io.reelay.node.http;

/** A failure with a status and error code meant for the client; thrown or passed to ctx.fail. */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String error;
  private final int retryAfterSeconds;

  public ApiException(int status, String error, String message) {
    this(status, error, message, 0);
  }

  /** With {@code retryAfterSeconds > 0}, the response carries a Retry-After header. */
  public ApiException(int status, String error, String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
