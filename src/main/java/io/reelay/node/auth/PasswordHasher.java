package io.reelay.node.auth;

import io.vertx.ext.auth.hashing.HashingStrategy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * PBKDF2-HMAC-SHA512 (Vert.x auth's implementation) in PHC string format, so the algorithm and
 * its cost travel with each hash and can be raised later. Blocking by design: call it on a worker.
 */
public final class PasswordHasher {

  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512. */
  static final int ITERATIONS = 210_000;

  private final HashingStrategy strategy = HashingStrategy.load();
  private final SecureRandom random = new SecureRandom();
  private final int iterations;
  private final String dummyHash;

  public PasswordHasher() {
    this(ITERATIONS);
  }

  PasswordHasher(int iterations) {
    this.iterations = iterations;
    this.dummyHash = hash("not-a-real-password");
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    String encodedSalt = Base64.getEncoder().withoutPadding().encodeToString(salt);
    return strategy.hash("pbkdf2", Map.of("it", Integer.toString(iterations)), encodedSalt, password);
  }

  public boolean verify(String storedHash, String password) {
    return strategy.verify(storedHash, password);
  }

  /** Same cost as a real check, so a login for an unknown user takes as long as a wrong password. */
  public void verifyAgainstDummy(String password) {
    strategy.verify(dummyHash, password);
  }
}
