package io.reelay.node.http;

/** A failure with a status and error code meant for the client; thrown or passed to ctx.fail. */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String error;

  public ApiException(int status, String error, String message) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
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
}
