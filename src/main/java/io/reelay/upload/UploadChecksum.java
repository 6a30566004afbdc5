package io.reelay.upload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The {@code Upload-Checksum} header: {@code <algorithm> <base64 digest>} of one PATCH body. */
record UploadChecksum(String algorithm, byte[] expected) {

  /** tus names → JDK names. sha1 is the one the specification requires. */
  private static final Map<String, String> ALGORITHMS = Map.of("sha1", "SHA-1", "sha256", "SHA-256", "md5", "MD5");
  static final List<String> SUPPORTED = List.of("sha1", "sha256", "md5");

  static UploadChecksum parse(String header) {
    String[] parts = header.trim().split(" +");
    if (parts.length != 2) {
      throw TusException.badRequest("Upload-Checksum must be '<algorithm> <base64 digest>'");
    }
    String algorithm = parts[0].toLowerCase();
    if (!ALGORITHMS.containsKey(algorithm)) {
      throw TusException.badRequest("checksum algorithm '" + parts[0] + "' is not supported; use one of " + SUPPORTED);
    }
    byte[] expected;
    try {
      expected = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw TusException.badRequest("Upload-Checksum digest is not base64");
    }
    return new UploadChecksum(algorithm, expected);
  }

  MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(ALGORITHMS.get(algorithm));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  boolean matches(byte[] actual) {
    return MessageDigest.isEqual(expected, actual);
  }
}
