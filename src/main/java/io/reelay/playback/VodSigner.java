package io.reelay.playback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a video id and an expiry, base64url without padding. The message is prefixed with
 * its purpose so a MAC made with this key for anything else can never pass for a playback grant.
 */
final class VodSigner {

  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  VodSigner(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("a playback signing key needs at least 16 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  String sign(String videoId, long expiresEpochSeconds) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM); // not thread-safe, and cheap to make next to the hashing itself
      mac.init(key);
      byte[] tag = mac.doFinal(("reelay-vod\n" + videoId + "\n" + expiresEpochSeconds).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Constant-time, so response timing tells nothing about how much of a guess was right. */
  boolean verify(String videoId, long expiresEpochSeconds, String signature) {
    return MessageDigest.isEqual(sign(videoId, expiresEpochSeconds).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}
