package io.reelay.upload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running SHA-256 of each unfinished upload this node serves, keyed by upload id and valid for one
 * acknowledged offset. The JDK digest (hardware-accelerated) cannot be serialised, so the state lives here:
 * after a restart or an ownership move it is missing and is rebuilt once from the bytes on disk. Bounded: an
 * evicted state only costs such a rebuild. Shared by the HTTP event loops; the critical sections are O(1).
 */
final class ContentDigests {

  private static final int MAX_ENTRIES = 10_000;

  private record State(long offset, MessageDigest digest) {}

  private final Map<String, State> states = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy of the state at {@code offset} to continue from, or null when it must be rebuilt. */
  synchronized MessageDigest resume(String uploadId, long offset) {
    if (offset == 0) {
      return newSha256();
    }
    State state = states.get(uploadId);
    if (state == null || state.offset != offset) {
      return null;
    }
    try {
      return (MessageDigest) state.digest.clone();
    } catch (CloneNotSupportedException e) {
      return null;
    }
  }

  synchronized void remember(String uploadId, long offset, MessageDigest digest) {
    states.put(uploadId, new State(offset, digest));
  }

  synchronized void forget(String uploadId) {
    states.remove(uploadId);
  }
}
