package io.reelay.live;

import io.reelay.node.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stream keys: 144 random bits behind a recognisable prefix (so a key pasted in the wrong place is spotted, and
 * secret scanners can find leaked ones). Only their SHA-256 is stored; a key is looked up by its hash.
 */
final class StreamKeys {

  static final String PREFIX = "live_";
  private static final int RANDOM_BYTES = 18;
  private static final int MAX_LENGTH = 128;

  private StreamKeys() {}

  static String generate() {
    return PREFIX + Ids.random(RANDOM_BYTES);
  }

  static String hash(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Worth a lookup: a key of ours has this shape; anything else is refused without touching the database. */
  static boolean plausible(String key) {
    return key != null && key.length() <= MAX_LENGTH && key.startsWith(PREFIX) && Ids.wellFormed(key);
  }
}
