package io.reelay.node.embedded;

/** An embedded service could not be started; {@link #service()} says which one. */
public final class EmbeddedStartException extends RuntimeException {

  private final String service;

  EmbeddedStartException(String service, Throwable cause) {
    super("embedded " + service + " failed to start: " + describe(cause), cause);
    this.service = service;
  }

  public String service() {
    return service;
  }

  private static String describe(Throwable cause) {
    // The root cause usually says the most (bad port, missing library, corrupt data dir...).
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = cause.toString();
    return root == cause ? message : message + " (caused by " + root + ")";
  }
}
