package io.reelay.node;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable, URL-safe random ids (base64url without padding), e.g. for videos and uploads. */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Ids() {}

  /** An id of {@code bytes} random bytes: 12 bytes give 16 characters (96 bits). */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return ENCODER.encodeToString(b);
  }

  /** True for strings {@link #random} could have produced (any length): safe in paths, URLs and keys. */
  public static boolean wellFormed(String id) {
    if (id == null || id.isEmpty() || id.length() > 64) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
