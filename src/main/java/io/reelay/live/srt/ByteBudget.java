package io.reelay.live.srt;

/** The payload bytes all connections of a listener may hold together. Used on the listener's context only. */
final class ByteBudget {

  private final long max;
  private long used;
  private boolean refused;

  ByteBudget(long max) {
    this.max = max;
  }

  boolean reserve(int bytes) {
    if (used + bytes > max) {
      refused = true;
      return false;
    }
    used += bytes;
    return true;
  }

  void release(long bytes) {
    used -= bytes;
  }

  long used() {
    return used;
  }

  /** Whether a reservation was refused since the last call. */
  boolean refusedSinceLastAsked() {
    boolean r = refused;
    refused = false;
    return r;
  }
}
