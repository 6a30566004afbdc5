package io.reelay.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.testing.Http;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServices.class)
class NodeHttpTest {

  static ReelayNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start("REELAY_HTTP_BODY_LIMIT_BYTES", "4096", "REELAY_RTMP_PORT", "0");
    http = new Http(node.endpoints().httpUrl());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  void healthReportsTheRealPortsAndWhatIsServed() {
    Http.Response r = http.get("/ops/health");
    assertThat(r.status()).isEqualTo(200);
    JsonObject body = r.json();
    assertThat(body.getString("status")).isEqualTo("up");
    assertThat(body.getString("node")).isEqualTo(node.router().localNodeId());
    JsonObject endpoints = body.getJsonObject("endpoints");
    assertThat(endpoints.getJsonObject("http").getInteger("port")).isEqualTo(node.endpoints().httpPort()).isPositive();
    assertThat(endpoints.getJsonObject("rtmp").getBoolean("served")).isTrue();
    assertThat(endpoints.getJsonObject("rtmp").getInteger("port")).isEqualTo(node.endpoints().rtmpPort()).isPositive();
    assertThat(endpoints.getJsonObject("srt").getBoolean("served")).isTrue();
    assertThat(endpoints.getJsonObject("srt").getInteger("port")).isEqualTo(node.endpoints().srtPort()).isPositive();
  }

  @Test
  void readyChecksEveryDependency() {
    Http.Response r = http.get("/ops/ready");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject checks = r.json().getJsonObject("checks");
    assertThat(checks.fieldNames()).containsExactlyInAnyOrder("postgres", "redis", "kafka", "cluster");
    checks.forEach(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo("up"));
  }

  @Test
  void metricsAreInPrometheusFormatWithVertxJvmAndReelayMeters() {
    http.get("/ops/health");
    Http.Response r = http.get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(r.body())
        .contains("# TYPE vertx_http_server_requests_total counter")
        .contains("jvm_memory_used_bytes")
        .contains("vertx_eventbus_handlers")
        .contains("reelay_startup_seconds{phase=\"total\"}")
        .contains("reelay_capability_instances ");
  }

  @Test
  void unknownRoutesAreJson404() {
    Http.Response r = http.get("/api/no-such-thing");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().getString("error")).isEqualTo("not_found");
    assertThat(r.json().getString("message")).contains("/api/no-such-thing");
  }

  @Test
  void malformedJsonIs400WithAMessage() {
    Http.Response r = http.post("/api/auth/login", "{\"username\": ", null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("error")).isEqualTo("bad_request");
    assertThat(r.json().getString("message")).startsWith("malformed JSON");
    Http.Response notAnObject = http.post("/api/auth/login", "[1,2]", null);
    assertThat(notAnObject.status()).isEqualTo(400);
  }

  @Test
  void bodiesOverTheLimitAre413() {
    String big = new JsonObject().put("username", "x".repeat(5000)).put("password", "y").encode();
    Http.Response r = http.post("/api/auth/login", big, null);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().getString("error")).isEqualTo("payload_too_large");
  }

  @Test
  void wrongMethodIsJson405() {
    Http.Response r = http.send(http.request("/api/auth/login", null).DELETE());
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.json().getString("error")).isEqualTo("method_not_allowed");
  }

  @Test
  void theRootServesAPage() {
    Http.Response r = http.send(http.request("/", null).GET());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("<title>Reelay</title>");
  }

  @Test
  void thePlayerIsServedGzippedWhenAcceptedAndRevalidated() {
    Http.Response plain = http.send(http.request("/vendor/hls.light.min.js", null).GET());
    assertThat(plain.status()).isEqualTo(200);
    assertThat(plain.raw().headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(plain.body()).contains("Hls");

    Http.Response gz = http.send(http.request("/vendor/hls.light.min.js", null).header("Accept-Encoding", "gzip").GET());
    assertThat(gz.status()).isEqualTo(200);
    assertThat(gz.raw().headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gz.raw().headers().firstValue("Vary")).hasValue("Accept-Encoding");
    String etag = gz.raw().headers().firstValue("ETag").orElseThrow();
    assertThat(etag).isNotEqualTo(plain.raw().headers().firstValue("ETag").orElseThrow());

    Http.Response again = http.send(http.request("/vendor/hls.light.min.js", null)
        .header("Accept-Encoding", "gzip").header("If-None-Match", etag).GET());
    assertThat(again.status()).isEqualTo(304);
  }

  @Test
  void clusterEndpointInStandaloneModeOwnsEverythingLocally() {
    JsonObject body = http.get("/ops/cluster?key=room:42").json();
    assertThat(body.getBoolean("clustered")).isFalse();
    assertThat(body.getString("owner")).isEqualTo(node.router().localNodeId());
    assertThat(body.getBoolean("ownerIsLocal")).isTrue();
    assertThat(body.getJsonArray("members")).hasSize(1);
  }

  @Test
  void startupPhasesAreMeasured() {
    assertThat(node.startupPhases()).containsKeys("vertx", "migrations", "identity", "capabilities", "total");
  }

}
