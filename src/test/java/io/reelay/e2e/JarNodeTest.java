package io.reelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.node.storage.ServiceUrls;
import io.reelay.testing.Http;
import io.reelay.testing.NodeProcess;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as a process: ready line, embedded services, SIGTERM, exit codes. */
class JarNodeTest {

  @TempDir Path dir;

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("REELAY_DATA_DIR", dir.resolve("data").toString());
    env.put("REELAY_HTTP_PORT", "0");
    env.put("REELAY_RTMP_PORT", "0");
    env.put("REELAY_SRT_PORT", "0");
    env.put("REELAY_HTTP_HOST", "127.0.0.1");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void runsWithEmbeddedServicesSharesThemAndStopsOnSigterm() throws Exception {
    String adminPassword = "e2e-admin-password";
    try (NodeProcess jar = NodeProcess.start(env("REELAY_ADMIN_PASSWORD", adminPassword))) {
      String ready = jar.awaitLine("reelay ready http://", Duration.ofSeconds(120));
      String url = ready.substring("reelay ready ".length());
      assertThat(jar.stdoutLines()).anyMatch(l -> l.contains("rtmp://") && !l.contains("(not built yet)"));
      assertThat(jar.stdoutLines()).anyMatch(l -> l.contains("srt://") && !l.contains("(not built yet)"));
      ServiceUrls urls = new ServiceUrls(jar.valueAfter("REELAY_PG_URL=").orElseThrow(),
          jar.valueAfter("REELAY_REDIS_URL=").orElseThrow(), jar.valueAfter("REELAY_KAFKA_BOOTSTRAP=").orElseThrow());

      Http first = new Http(url);
      assertThat(first.get("/ops/ready").status()).isEqualTo(200);
      String user = TestNodes.uniqueName("e2e");
      JsonObject credentials = new JsonObject().put("username", user).put("password", "correct horse");
      assertThat(first.post("/api/auth/register", credentials, null).status()).isEqualTo(201);

      // A second node configured with the first node's embedded services as its external ones.
      ReelayNode second = TestNodes.start(urls);
      try {
        Http other = new Http(second.endpoints().httpUrl());
        assertThat(other.get("/ops/ready").status()).isEqualTo(200);
        String token = other.login(user, "correct horse");
        assertThat(first.get("/api/auth/me", token).json().getString("username")).isEqualTo(user);
        assertThat(other.login("admin", adminPassword)).isNotEmpty();
      } finally {
        second.stop();
      }

      long t0 = System.nanoTime();
      jar.terminate();
      assertThat(jar.awaitExit(Duration.ofSeconds(15))).as("exit status after SIGTERM").isZero();
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(took).as("graceful shutdown time").isLessThan(Duration.ofSeconds(10));
      assertThat(Files.exists(dir.resolve("data/postgres/postmaster.pid"))).as("postgres stopped").isFalse();
    }

    // Same data dir again: the data survives and the admin password is not printed a second time.
    try (NodeProcess again = NodeProcess.start(env())) {
      String ready = again.awaitLine("reelay ready http://", Duration.ofSeconds(120));
      Http http = new Http(ready.substring("reelay ready ".length()));
      assertThat(http.login("admin", adminPassword)).isNotEmpty();
      assertThat(again.stdoutLines()).noneMatch(l -> l.startsWith("admin password"));
      again.terminate();
      again.awaitExit(Duration.ofSeconds(15));
    }
  }

  @Test
  void printsTheGeneratedAdminPasswordOnceOnFirstStart() throws Exception {
    try (NodeProcess jar = NodeProcess.start(env())) {
      jar.awaitLine("reelay ready http://", Duration.ofSeconds(120));
      String line = jar.awaitLine("admin password", Duration.ofSeconds(1));
      String password = line.substring(line.lastIndexOf(' ') + 1);
      String url = jar.awaitLine("reelay ready ", Duration.ofSeconds(1)).substring("reelay ready ".length());
      assertThat(new Http(url).login("admin", password)).isNotEmpty();
      jar.terminate();
      jar.awaitExit(Duration.ofSeconds(15));
    }
  }

  @Test
  void badConfigurationExitsWithStatus2AndOneLineNamingTheKey() throws Exception {
    assertBadConfig(env("REELAY_HTTP_PORT", "70000"), "REELAY_HTTP_PORT");
    assertBadConfig(env("REELAY_CLUSTER", "maybe"), "REELAY_CLUSTER");
    assertBadConfig(env("REELAY_NO_SUCH_KEY", "1"), "REELAY_NO_SUCH_KEY");
    Path plainFile = Files.writeString(dir.resolve("file"), "x");
    assertBadConfig(env("REELAY_DATA_DIR", plainFile.resolve("data").toString()), "dataDir");
    Path conf = Files.writeString(dir.resolve("conf.json"), "{\"rtmpPort\": \"high\"}");
    assertBadConfig(env(), "rtmpPort", "-conf", conf.toString());
  }

  @Test
  void aPortInUseExitsWithStatus2() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      String port = Integer.toString(taken.getLocalPort());
      try (NodeProcess jar = NodeProcess.start(env("REELAY_HTTP_PORT", port))) {
        assertThat(jar.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
        assertThat(jar.stderrText()).contains("httpPort").contains("already in use");
      }
    }
  }

  private void assertBadConfig(Map<String, String> env, String key, String... args) throws Exception {
    try (NodeProcess jar = NodeProcess.start(env, args)) {
      assertThat(jar.awaitExit(Duration.ofSeconds(30))).as(key).isEqualTo(2);
      String[] lines = jar.stderrText().strip().split("\n");
      assertThat(lines).as(jar.stderrText()).hasSize(1);
      assertThat(lines[0]).startsWith("reelay: configuration error: " + key);
    }
  }
}
