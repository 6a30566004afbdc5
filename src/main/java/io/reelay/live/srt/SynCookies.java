package io.reelay.live.srt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SYN cookies for the induction phase: the cookie is a MAC of the caller's address and the current minute under
 * a secret of this listener, so a conclusion proves the caller received our induction reply at that address, and
 * no state is kept for handshakes that never conclude (a flood of inductions costs nothing but replies).
 * A cookie is good for the minute it was made in and the next one.
 */
final class SynCookies {

  private static final long BUCKET_MILLIS = 60_000;

  private final Mac mac;
  private final LongSupplier millisClock;

  SynCookies(LongSupplier millisClock) {
    this(secret(), millisClock);
  }

  SynCookies(byte[] secret, LongSupplier millisClock) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no HmacSHA256", e);
    }
    this.millisClock = millisClock;
  }

  int cookie(String remote) {
    return cookie(remote, millisClock.getAsLong() / BUCKET_MILLIS);
  }

  boolean verify(String remote, int cookie) {
    long bucket = millisClock.getAsLong() / BUCKET_MILLIS;
    return cookie == cookie(remote, bucket) || cookie == cookie(remote, bucket - 1);
  }

  private int cookie(String remote, long bucket) {
    mac.update(ByteBuffer.allocate(8).putLong(0, bucket));
    byte[] digest = mac.doFinal(remote.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest).getInt();
  }

  private static byte[] secret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return secret;
  }
}
