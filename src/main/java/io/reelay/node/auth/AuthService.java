package io.reelay.node.auth;

import io.reelay.node.NodeMetrics;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Registration, login and token checks. Password hashing runs on a small bounded worker pool; the
 * rest is non-blocking. New users are creators (anyone may upload, as on Bilibili or YouTube);
 * {@code admin} is created at first start.
 */
public final class AuthService {

  public static final String ADMIN = "admin";
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
  private static final int MIN_PASSWORD = 8;
  private static final int MAX_PASSWORD = 256;
  private static final String ISSUER = "reelay";

  /** Hashing jobs queued or running at most; above it logins get 503 instead of a growing queue. */
  static final int MAX_HASHING_IN_FLIGHT = 32;

  private final JWTAuth jwt;
  private final UserStore users;
  private final PasswordHasher hasher;
  private final WorkerExecutor hashing;
  private final AtomicInteger hashingInFlight = new AtomicInteger();
  private final int ttlSeconds;
  private final NodeMetrics metrics;

  private AuthService(JWTAuth jwt, UserStore users, PasswordHasher hasher, WorkerExecutor hashing, int ttlSeconds,
      NodeMetrics metrics) {
    this.jwt = jwt;
    this.users = users;
    this.hasher = hasher;
    this.hashing = hashing;
    this.ttlSeconds = ttlSeconds;
    this.metrics = metrics;
  }

  public static Future<AuthService> create(Vertx vertx, Pool pg, String configuredSecret, int ttlSeconds,
      NodeMetrics metrics) {
    WorkerExecutor hashing = vertx.createSharedWorkerExecutor("reelay-password-hashing", 2);
    return JwtSecret.loadOrCreate(pg, configuredSecret).compose(secret ->
        hashing.executeBlocking(PasswordHasher::new, false).map(hasher -> {
          JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
              .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(secret)))
              .setJWTOptions(new JWTOptions().setIssuer(ISSUER)));
          return new AuthService(jwt, new UserStore(pg), hasher, hashing, ttlSeconds, metrics);
        }));
  }

  public Future<String> register(String username, String password) {
    if (!USERNAME.matcher(username).matches()) {
      return Future.failedFuture(ApiException.badRequest("username must be 3-32 characters of A-Z a-z 0-9 _ . -"));
    }
    if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      return Future.failedFuture(ApiException.badRequest(
          "password must be " + MIN_PASSWORD + "-" + MAX_PASSWORD + " characters"));
    }
    return counted("register", hashingJob(() -> hasher.hash(password))
        .compose(hash -> users.insert(username, hash, Role.CREATOR))
        .recover(e -> Future.failedFuture(e instanceof UserStore.UsernameTaken
            ? new ApiException(409, "username_taken", "username '" + username + "' is taken")
            : e))
        .map(user -> issue(user.id(), user.username(), user.role())));
  }

  public Future<String> login(String username, String password) {
    return counted("login", users.find(username).compose(found -> hashingJob(() -> {
      if (found.isEmpty()) {
        hasher.verifyAgainstDummy(password);
        return Optional.<UserStore.StoredUser>empty();
      }
      return hasher.verify(found.get().passwordHash(), password) ? found : Optional.<UserStore.StoredUser>empty();
    })).compose(user -> user
        .map(u -> Future.succeededFuture(issue(u.id(), u.username(), u.role())))
        .orElseGet(() -> Future.failedFuture(new ApiException(401, "bad_credentials", "wrong username or password")))));
  }

  /** Runs password hashing on the bounded pool, refusing work beyond {@link #MAX_HASHING_IN_FLIGHT}. */
  private <T> Future<T> hashingJob(Callable<T> job) {
    if (hashingInFlight.incrementAndGet() > MAX_HASHING_IN_FLIGHT) {
      hashingInFlight.decrementAndGet();
      return Future.failedFuture(new ApiException(503, "busy", "too many logins in progress; retry shortly", 1));
    }
    return hashing.executeBlocking(job, false).andThen(done -> hashingInFlight.decrementAndGet());
  }

  private <T> Future<T> counted(String operation, Future<T> result) {
    return result.andThen(done -> metrics.counter("reelay_auth_requests_total", "registrations and logins by outcome",
        "operation", operation, "outcome", outcome(done.cause())).increment());
  }

  private static String outcome(Throwable failure) {
    if (failure == null) {
      return "ok";
    }
    return failure instanceof ApiException api ? api.error() : "error";
  }

  /** Proves a token: signature, issuer, expiry. Fails with a 401 {@link ApiException}. */
  public Future<Principal> authenticate(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .map(user -> {
          JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
          return new Principal(claims.getLong("uid"), claims.getString("sub"), Role.fromId(claims.getString("role")));
        })
        .recover(e -> Future.failedFuture(new ApiException(401, "unauthorized", "invalid token: " + e.getMessage())));
  }

  /**
   * Creates user {@code admin} if missing. Returns the generated password when none was configured
   * and this call created the user, so the caller can print it once.
   */
  public Future<Optional<String>> ensureAdmin(String configuredPassword) {
    return users.exists(ADMIN).compose(exists -> {
      if (exists) {
        return Future.succeededFuture(Optional.empty());
      }
      String password = configuredPassword.isEmpty() ? randomPassword() : configuredPassword;
      return hashingJob(() -> hasher.hash(password))
          .compose(hash -> users.insertIfAbsent(ADMIN, hash, Role.ADMIN))
          .map(created -> created && configuredPassword.isEmpty() ? Optional.of(password) : Optional.empty());
    });
  }

  private String issue(long userId, String username, Role role) {
    return jwt.generateToken(
        new JsonObject().put("uid", userId).put("role", role.id()),
        new JWTOptions().setAlgorithm("HS256").setIssuer(ISSUER).setSubject(username).setExpiresInSeconds(ttlSeconds));
  }

  private static String randomPassword() {
    byte[] bytes = new byte[15];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public void close() {
    hashing.close();
  }
}
