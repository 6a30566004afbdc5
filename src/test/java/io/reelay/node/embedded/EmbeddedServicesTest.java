package io.reelay.node.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real servers, real clients: nothing here is mocked. */
class EmbeddedServicesTest {

  @Test
  @Timeout(120)
  void servicesWorkAndKeepTheirDataAcrossRestart(@TempDir Path dataDir) throws Exception {
    EmbeddedServices first = EmbeddedServices.start(dataDir, true, true, true);
    try (first) {
      report("first start", first);
      assertThat(queryOne(first, "SELECT 1")).isEqualTo("1");
      // Durability settings must survive zonky's test-oriented defaults (-F, synchronous_commit=off).
      assertThat(queryOne(first, "SHOW fsync")).isEqualTo("on");
      assertThat(queryOne(first, "SHOW synchronous_commit")).isEqualTo("on");
      assertThat(queryOne(first, "SHOW max_connections")).isEqualTo("100");
      assertThat(queryOne(first, "SELECT datlocprovider::text || ' ' || datlocale FROM pg_database WHERE datname = 'reelay'"))
          .isEqualTo("b C.UTF-8");
      assertThat(queryOne(first, "SELECT lower('ÉCOLE')")).isEqualTo("école");
      update(first, "CREATE TABLE kept (v text)");
      update(first, "INSERT INTO kept VALUES ('row-1')");

      int redisPort = redisPort(first);
      assertThat(RespClient.call(redisPort, "PING")).isEqualTo("+PONG");
      assertThat(RespClient.call(redisPort, "SET", "kept", "value-1")).isEqualTo("+OK");

      String kafka = first.kafkaBootstrap().orElseThrow();
      KafkaProbe.createTopic(kafka, "videos");
      KafkaProbe.send(kafka, "videos", "k", "record-1");
      assertThat(KafkaProbe.readAll(kafka, "videos", "g1", 1)).containsExactly("record-1");
      assertThat(KafkaProbe.committedOffset(kafka, "g1", "videos")).isEqualTo(1);
      // Auto-creation is on for producers.
      KafkaProbe.send(kafka, "auto-created", "k", "v");
      assertThat(KafkaProbe.topics(kafka)).contains("videos", "auto-created");

      long stopStart = System.nanoTime();
      first.close();
      System.out.printf("[embedded] stop took %d ms%n", Duration.ofNanos(System.nanoTime() - stopStart).toMillis());
      first.close(); // idempotent
      assertThat(EmbeddedRedis.ping(redisPort)).isFalse();
    }

    try (EmbeddedServices second = EmbeddedServices.start(dataDir, true, true, true)) {
      report("restart", second);
      assertThat(queryOne(second, "SELECT v FROM kept")).isEqualTo("row-1");
      assertThat(RespClient.call(redisPort(second), "GET", "kept")).isEqualTo("value-1");
      String kafka = second.kafkaBootstrap().orElseThrow();
      assertThat(KafkaProbe.readAll(kafka, "videos", "g2", 1)).containsExactly("record-1");
      assertThat(KafkaProbe.committedOffset(kafka, "g1", "videos")).isEqualTo(1);
    }
  }

  @Test
  @Timeout(120)
  void recoversServersOrphanedByAKilledJvm(@TempDir Path dataDir) throws Exception {
    ChildNode child = ChildNode.start(dataDir);
    String[] ready = child.awaitReady(Duration.ofSeconds(90)).split(" ");
    System.out.println("[embedded] child node (-Xmx256m): " + String.join(" ", List.of(ready).subList(4, ready.length)));
    String pgUrl = ready[1];
    int redisPort = URI.create(ready[2]).getPort();
    String kafka = ready[3];
    update(pgUrl, "CREATE TABLE crash (v text)");
    update(pgUrl, "INSERT INTO crash VALUES ('committed')");
    assertThat(RespClient.call(redisPort, "SET", "crash", "acknowledged")).isEqualTo("+OK");
    KafkaProbe.send(kafka, "crash", "k", "acked");

    long postmaster = pid(dataDir.resolve("postgres/postmaster.pid"));
    long redisServer = pid(dataDir.resolve("redis/reelay-redis.pid"));
    child.kill();
    // The precondition of this test: the external servers outlived their JVM.
    assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
    assertThat(ProcessHandle.of(redisServer).map(ProcessHandle::isAlive)).contains(true);

    try (EmbeddedServices services = EmbeddedServices.start(dataDir, true, true, true)) {
      report("after SIGKILL", services);
      assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(ProcessHandle.of(redisServer).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(queryOne(services, "SELECT v FROM crash")).isEqualTo("committed");
      assertThat(RespClient.call(redisPort(services), "GET", "crash")).isEqualTo("acknowledged");
      assertThat(KafkaProbe.readAll(services.kafkaBootstrap().orElseThrow(), "crash", "g", 1)).containsExactly("acked");
    }
  }

  @Test
  @Timeout(60)
  void aFailingServiceIsNamedAndTheOthersAreStoppedAgain(@TempDir Path dataDir) throws Exception {
    // A plain file where the cluster directory should be makes postgres fail; redis starts fine.
    Files.writeString(dataDir.resolve("postgres"), "not a directory");

    assertThatThrownBy(() -> EmbeddedServices.start(dataDir, true, true, false))
        .isInstanceOfSatisfying(EmbeddedStartException.class, e -> assertThat(e.service()).isEqualTo("postgres"))
        .hasMessageStartingWith("embedded postgres failed to start: ");

    assertThat(dataDir.resolve("redis/redis.conf")).exists(); // it did start...
    assertThat(dataDir.resolve("redis/reelay-redis.pid")).doesNotExist(); // ...and was stopped
    String config = dataDir.resolve("redis/redis.conf").toString();
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(config))).isEmpty();
  }

  @Test
  void onlyRequestedServicesStartAndALiveNodesDirIsNotTakenOver(@TempDir Path dataDir) throws Exception {
    try (EmbeddedServices services = EmbeddedServices.start(dataDir, false, true, false)) {
      assertThat(services.postgresUrl()).isEmpty();
      assertThat(services.kafkaBootstrap()).isEmpty();
      assertThat(services.redisUrl()).get().asString().matches("redis://127\\.0\\.0\\.1:\\d+");
      assertThat(services.startupTimes()).containsOnlyKeys("redis");

      // Its redis is not an orphan: a second node on the same dir must not kill it.
      assertThatThrownBy(() -> EmbeddedServices.start(dataDir, false, true, false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another running node");
      assertThat(RespClient.call(redisPort(services), "PING")).isEqualTo("+PONG");
    }
  }

  @Test
  void nothingRequestedStartsNothingAndLocksNothing(@TempDir Path dataDir) {
    try (EmbeddedServices a = EmbeddedServices.start(dataDir, false, false, false);
         EmbeddedServices b = EmbeddedServices.start(dataDir, false, false, false)) {
      assertThat(a.postgresUrl()).isEmpty();
      assertThat(a.redisUrl()).isEmpty();
      assertThat(b.kafkaBootstrap()).isEmpty();
      assertThat(a.startupTimes()).isEmpty();
    }
  }

  private static void report(String phase, EmbeddedServices services) {
    System.out.printf("[embedded] %s: %s pg=%s redis=%s kafka=%s%n", phase, services.startupTimes(),
        services.postgresUrl().orElse("-"), services.redisUrl().orElse("-"), services.kafkaBootstrap().orElse("-"));
  }

  private static int redisPort(EmbeddedServices services) {
    return URI.create(services.redisUrl().orElseThrow()).getPort();
  }

  private static long pid(Path pidFile) throws IOException {
    return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
  }

  private static String queryOne(EmbeddedServices services, String sql) throws SQLException {
    try (Connection c = connect(services.postgresUrl().orElseThrow());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static void update(EmbeddedServices services, String sql) throws SQLException {
    update(services.postgresUrl().orElseThrow(), sql);
  }

  private static void update(String url, String sql) throws SQLException {
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Parses the app-facing URL form (postgresql://user@host:port/db), as the node does. */
  private static Connection connect(String url) throws SQLException {
    URI uri = URI.create(url);
    String user = Optional.ofNullable(uri.getUserInfo()).orElseThrow();
    return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(), user, "");
  }
}
