package io.reelay.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServices.class)
class AuthTest {

  static ReelayNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start();
    http = new Http(node.endpoints().httpUrl());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static JsonObject credentials(String username, String password) {
    return new JsonObject().put("username", username).put("password", password);
  }

  private static String newUser() {
    return TestNodes.uniqueName("user");
  }

  @Test
  void registerThenLoginReturnsWorkingTokens() {
    String name = newUser();
    Http.Response registered = http.post("/api/auth/register", credentials(name, "correct horse"), null);
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    String token = registered.json().getString("token");
    JsonObject me = http.get("/api/auth/me", token).json();
    assertThat(me.getString("username")).isEqualTo(name);
    assertThat(me.getString("role")).isEqualTo("creator");

    String loginToken = http.login(name, "correct horse");
    assertThat(http.get("/api/auth/me", loginToken).status()).isEqualTo(200);
  }

  @Test
  void passwordsAreStoredAsSaltedPbkdf2Hashes() {
    String name = newUser();
    http.post("/api/auth/register", credentials(name, "correct horse"), null);
    String stored = node.storage().pg().preparedQuery("SELECT password_hash FROM users WHERE username = $1")
        .execute(io.vertx.sqlclient.Tuple.of(name)).await().iterator().next().getString(0);
    assertThat(stored).startsWith("$pbkdf2$it=210000$").doesNotContain("correct horse");
  }

  @Test
  void duplicateUsernameIs409() {
    String name = newUser();
    http.post("/api/auth/register", credentials(name, "correct horse"), null);
    Http.Response again = http.post("/api/auth/register", credentials(name, "another one"), null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("error")).isEqualTo("username_taken");
  }

  @Test
  void invalidRegistrationsAre400() {
    assertThat(http.post("/api/auth/register", credentials("ab", "correct horse"), null).status()).isEqualTo(400);
    assertThat(http.post("/api/auth/register", credentials(newUser(), "short"), null).status()).isEqualTo(400);
    assertThat(http.post("/api/auth/register", credentials("<script>", "correct horse"), null).status()).isEqualTo(400);
    assertThat(http.post("/api/auth/register", new JsonObject().put("username", newUser()), null).status()).isEqualTo(400);
  }

  @Test
  void badPasswordAndUnknownUserAreTheSame401() {
    String name = newUser();
    http.post("/api/auth/register", credentials(name, "correct horse"), null);
    Http.Response wrong = http.post("/api/auth/login", credentials(name, "wrong horse"), null);
    Http.Response unknown = http.post("/api/auth/login", credentials(newUser(), "wrong horse"), null);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo(unknown.body());
  }

  @Test
  void missingMalformedForgedAndExpiredTokensAre401() {
    assertThat(http.get("/api/auth/me").status()).isEqualTo(401);
    assertThat(http.get("/api/auth/me", "not-a-jwt").status()).isEqualTo(401);

    JsonObject claims = new JsonObject().put("uid", 1).put("role", "admin");
    String forged = signer("some-other-secret").generateToken(claims,
        new JWTOptions().setIssuer("reelay").setSubject("admin").setExpiresInSeconds(600));
    Http.Response forgedResponse = http.get("/ops/verticles", forged);
    assertThat(forgedResponse.status()).isEqualTo(401);
    assertThat(forgedResponse.json().getString("error")).isEqualTo("unauthorized");

    long past = System.currentTimeMillis() / 1000 - 60;
    String expired = signer(realSecret()).generateToken(claims.copy().put("exp", past).put("iat", past - 60),
        new JWTOptions().setIssuer("reelay").setSubject("admin").setNoTimestamp(true));
    assertThat(http.get("/ops/verticles", expired).status()).isEqualTo(401);

    // The same claims, validly signed and unexpired, pass: so the 401s above are about the token.
    String valid = signer(realSecret()).generateToken(claims,
        new JWTOptions().setIssuer("reelay").setSubject("admin").setExpiresInSeconds(600));
    assertThat(http.get("/ops/verticles", valid).status()).isEqualTo(200);

    String header = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String unsigned = header + "." + valid.split("\\.")[1] + ".";
    assertThat(http.get("/ops/verticles", unsigned).status()).isEqualTo(401);
  }

  @Test
  void opsControlNeedsTheAdminRole() {
    String name = newUser();
    String creator = http.post("/api/auth/register", credentials(name, "correct horse"), null).json().getString("token");
    Http.Response listed = http.get("/ops/verticles", creator);
    assertThat(listed.status()).isEqualTo(403);
    assertThat(listed.json().getString("error")).isEqualTo("forbidden");
    Http.Response scaled = http.post("/ops/verticles/http/scale", new JsonObject().put("instances", 3), creator);
    assertThat(scaled.status()).isEqualTo(403);
    assertThat(http.post("/ops/verticles/http/scale", new JsonObject().put("instances", 3), null).status()).isEqualTo(401);

    String admin = http.adminToken();
    assertThat(http.get("/ops/verticles", admin).status()).isEqualTo(200);
  }

  private static String realSecret() {
    return node.storage().pg().query("SELECT value FROM node_secrets WHERE name = 'jwt-hs256'")
        .execute().await().iterator().next().getString(0);
  }

  private static JWTAuth signer(String secret) {
    return JWTAuth.create(node.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(secret))));
  }
}
