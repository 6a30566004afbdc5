package io.reelay.testing;

import io.reelay.node.ReelayNode;
import io.reelay.node.config.ConfigLoader;
import io.reelay.node.storage.ServiceUrls;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Starts in-process nodes on free ports, pointed at the {@link SharedServices}. */
public final class TestNodes {

  /** The admin password of the shared database (the first node to start creates admin with it). */
  public static final String ADMIN_PASSWORD = "admin-test-password";

  private TestNodes() {}

  public static ReelayNode start(String... envPairs) throws Exception {
    return start(SharedServices.urls(), envPairs);
  }

  public static ReelayNode start(ServiceUrls urls, String... envPairs) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("REELAY_HTTP_PORT", "0");
    env.put("REELAY_RTMP_PORT", "0");
    env.put("REELAY_SRT_PORT", "0");
    env.put("REELAY_HTTP_HOST", "127.0.0.1");
    env.put("REELAY_DATA_DIR", newDataDir());
    env.put("REELAY_PG_URL", urls.postgres());
    env.put("REELAY_REDIS_URL", urls.redis());
    env.put("REELAY_KAFKA_BOOTSTRAP", urls.kafkaBootstrap());
    env.put("REELAY_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("REELAY_SHUTDOWN_TIMEOUT_SECONDS", "2");
    for (int i = 0; i < envPairs.length; i += 2) {
      env.put(envPairs[i], envPairs[i + 1]);
    }
    return ReelayNode.start(ConfigLoader.load(new String[0], env));
  }

  /** Env pairs for a clustered node in a cluster of its own (unique name: never joins other runs). */
  public static String[] clusterEnv(String clusterName) {
    return new String[] {"REELAY_CLUSTER", "true", "REELAY_CLUSTER_NAME", clusterName};
  }

  /** Env pairs for a clustered node (see {@link #clusterEnv}) whose storage dir is shared with the others. */
  public static String[] clusterEnv(String clusterName, java.nio.file.Path sharedStorage) {
    return new String[] {"REELAY_CLUSTER", "true", "REELAY_CLUSTER_NAME", clusterName,
        "REELAY_STORAGE_DIR", sharedStorage.toString()};
  }

  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String newDataDir() throws IOException {
    return Files.createTempDirectory("reelay-node").toString();
  }
}
