package io.reelay.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private Map<String, String> env(String... pairs) {
    var map = new java.util.HashMap<String, String>();
    map.put("REELAY_DATA_DIR", dir.resolve("data").toString());
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private String[] conf(String json) throws Exception {
    Path file = dir.resolve("conf.json");
    Files.writeString(file, json);
    return new String[] {"-conf", file.toString()};
  }

  @Test
  void defaultsComeFromTheBundledFile() {
    ReelayConfig config = ConfigLoader.load(new String[0], env());
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.rtmpPort()).isEqualTo(1935);
    assertThat(config.srtPort()).isEqualTo(9000);
    assertThat(config.clustered()).isFalse();
    assertThat(config.pgUrl()).isEmpty();
  }

  @Test
  void confFileOverridesDefaultsAndEnvironmentOverridesBoth() throws Exception {
    String[] args = conf("{\"httpPort\": 9090, \"rtmpPort\": 1940, \"clusterName\": \"from-file\"}");
    ReelayConfig config = ConfigLoader.load(args, env("REELAY_HTTP_PORT", "7070", "REELAY_CLUSTER", "true"));
    assertThat(config.httpPort()).isEqualTo(7070);
    assertThat(config.rtmpPort()).isEqualTo(1940);
    assertThat(config.clusterName()).isEqualTo("from-file");
    assertThat(config.clustered()).isTrue();
  }

  @Test
  void confFileMayUseTheEnvironmentNames() throws Exception {
    ReelayConfig config = ConfigLoader.load(conf("{\"REELAY_SRT_PORT\": 9999}"), env());
    assertThat(config.srtPort()).isEqualTo(9999);
  }

  @Test
  void portZeroIsAllowed() {
    assertThat(ConfigLoader.load(new String[0], env("REELAY_HTTP_PORT", "0")).httpPort()).isZero();
  }

  @Test
  void unknownKeysAreRejectedByName() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(conf("{\"httpPrt\": 1}"), env()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("httpPrt: unknown setting");
    assertThatThrownBy(() -> ConfigLoader.load(new String[0], env("REELAY_HTTP_PRT", "1")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("REELAY_HTTP_PRT: unknown setting");
  }

  @Test
  void wrongTypesAreRejectedByName() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(conf("{\"httpPort\": \"8080\"}"), env()))
        .isInstanceOf(ConfigException.class).hasMessage("httpPort: expected a port number 0-65535 (0 picks a free port), got the string \"8080\"");
    assertThatThrownBy(() -> ConfigLoader.load(conf("{\"cluster\": 1}"), env()))
        .hasMessage("cluster: expected true or false, got 1");
    assertThatThrownBy(() -> ConfigLoader.load(new String[0], env("REELAY_CLUSTER", "yes")))
        .hasMessage("REELAY_CLUSTER: expected true or false, got \"yes\"");
    assertThatThrownBy(() -> ConfigLoader.load(new String[0], env("REELAY_HTTP_PORT", "http")))
        .hasMessageStartingWith("REELAY_HTTP_PORT: expected a port number");
    assertThatThrownBy(() -> ConfigLoader.load(conf("{\"pgUrl\": {}}"), env()))
        .hasMessage("pgUrl: expected a string, got an object");
  }

  @Test
  void portsOutOfRangeAreRejected() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(new String[0], env("REELAY_RTMP_PORT", "70000")))
        .hasMessage("REELAY_RTMP_PORT: port out of range 0-65535: 70000");
    assertThatThrownBy(() -> ConfigLoader.load(conf("{\"srtPort\": -1}"), env()))
        .hasMessage("srtPort: port out of range 0-65535: -1");
  }

  @Test
  void unwritableDataDirIsRejected() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    // A directory under a regular file cannot exist, even for root.
    assertThatThrownBy(() -> ConfigLoader.load(new String[0], env("REELAY_DATA_DIR", file.resolve("data").toString())))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("dataDir: ").hasMessageContaining("is not writable");
  }

  @Test
  void malformedConfFileAndArgumentsAreRejected() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(conf("{\"httpPort\": "), env()))
        .hasMessageStartingWith("-conf: ").hasMessageContaining("is not a JSON object");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"-conf", dir.resolve("missing.json").toString()}, env()))
        .hasMessageStartingWith("-conf: cannot read");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--verbose"}, env()))
        .hasMessageStartingWith("--verbose: unknown argument");
  }

  @Test
  void envNamesFollowTheContract() {
    assertThat(ConfigSchema.byName("httpPort").orElseThrow().envName()).isEqualTo("REELAY_HTTP_PORT");
    assertThat(ConfigSchema.byName("pgUrl").orElseThrow().envName()).isEqualTo("REELAY_PG_URL");
    assertThat(ConfigSchema.byName("kafkaBootstrap").orElseThrow().envName()).isEqualTo("REELAY_KAFKA_BOOTSTRAP");
    assertThat(ConfigSchema.byName("cluster").orElseThrow().envName()).isEqualTo("REELAY_CLUSTER");
    assertThat(ConfigSchema.byName("adminPassword").orElseThrow().envName()).isEqualTo("REELAY_ADMIN_PASSWORD");
    assertThat(ConfigSchema.byName("dataDir").orElseThrow().envName()).isEqualTo("REELAY_DATA_DIR");
  }

  @Test
  void secretsAreMaskedInTheSafeView() {
    ReelayConfig config = ConfigLoader.load(new String[0], env("REELAY_ADMIN_PASSWORD", "hunter22",
        "REELAY_PG_URL", "postgresql://u:secret@h:5432/db"));
    assertThat(config.toSafeJson().encode()).doesNotContain("hunter22").doesNotContain("secret@");
  }

  @Test
  void kubernetesServiceLinksAreNotSettings() {
    ReelayConfig config = ConfigLoader.load(new String[0], env("REELAY_PORT", "tcp://10.0.0.1:8080",
        "REELAY_PORT_8080_TCP_ADDR", "10.0.0.1", "REELAY_SERVICE_HOST", "10.0.0.1"));
    assertThat(config.httpPort()).isEqualTo(8080);
  }

  @Test
  void externalServiceAddressesAreCheckedByName() {
    assertThatThrownBy(() -> ConfigLoader.load(new String[0], env("REELAY_PG_URL", "mysql://h/db")))
        .hasMessageStartingWith("pgUrl: ");
    assertThatThrownBy(() -> ConfigLoader.load(new String[0], env("REELAY_REDIS_URL", "localhost:6379")))
        .hasMessageStartingWith("redisUrl: ");
    assertThatThrownBy(() -> ConfigLoader.load(new String[0], env("REELAY_KAFKA_BOOTSTRAP", "kafka")))
        .hasMessageStartingWith("kafkaBootstrap: ");
    assertThatThrownBy(() -> ConfigLoader.load(new String[0], env("REELAY_JWT_SECRET", "short")))
        .hasMessageStartingWith("jwtSecret: ");
    ReelayConfig ok = ConfigLoader.load(new String[0], env("REELAY_PG_URL", "postgresql://u:p@db:5432/reelay",
        "REELAY_REDIS_URL", "redis://cache:6379", "REELAY_KAFKA_BOOTSTRAP", "k1:9092,k2:9092"));
    assertThat(ok.kafkaBootstrap()).isEqualTo("k1:9092,k2:9092");
  }
}
