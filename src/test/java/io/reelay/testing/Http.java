package io.reelay.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small blocking HTTP client for tests (the JDK's), speaking JSON. */
public final class Http {

  public record Response(int status, String body, HttpResponse<String> raw) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      // HTTP/1.1: Java 17's HTTP/2 client fails in-flight streams when a draining server sends GOAWAY.
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  public Http(String base) {
    this.base = base;
  }

  public Response get(String path) {
    return get(path, null);
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Response post(String path, String body, String token) {
    return send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Response post(String path, JsonObject body, String token) {
    return post(path, body.encode(), token);
  }

  public Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r);
    } catch (Exception e) {
      throw new IllegalStateException("request failed: " + e, e);
    }
  }

  public HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  /** Logs in and returns the token. */
  public String login(String username, String password) {
    Response r = post("/api/auth/login", new JsonObject().put("username", username).put("password", password), null);
    if (r.status() != 200) {
      throw new IllegalStateException("login failed: " + r.status() + " " + r.body());
    }
    return r.json().getString("token");
  }

  /** A registered user (a creator) with a token. */
  public record User(long id, String name, String token) {}

  /** Registers a new user with a unique name starting with {@code prefix}. */
  public User registerUser(String prefix) {
    String name = TestNodes.uniqueName(prefix);
    Response r = post("/api/auth/register", new JsonObject().put("username", name).put("password", "correct horse"), null);
    if (r.status() != 201) {
      throw new IllegalStateException("register failed: " + r.status() + " " + r.body());
    }
    String token = r.json().getString("token");
    return new User(get("/api/auth/me", token).json().getLong("id"), name, token);
  }

  public String adminToken() {
    return login("admin", TestNodes.ADMIN_PASSWORD);
  }
}
