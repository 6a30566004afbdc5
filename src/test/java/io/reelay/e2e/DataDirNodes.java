package io.reelay.e2e;

import io.reelay.testing.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Packaged-jar nodes on one data dir, for the tests that kill a node and start another on the same dir. */
final class DataDirNodes {

  private DataDirNodes() {
  }

  /** A node on {@code dir}/data, every port chosen by the system. */
  static Map<String, String> env(Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("REELAY_DATA_DIR", dir.resolve("data").toString());
    env.put("REELAY_HTTP_HOST", "127.0.0.1");
    env.put("REELAY_HTTP_PORT", "0");
    env.put("REELAY_RTMP_PORT", "0");
    env.put("REELAY_SRT_PORT", "0");
    env.put("REELAY_ADMIN_PASSWORD", "restart-admin-password");
    return env;
  }

  static String readyUrl(NodeProcess node) throws InterruptedException {
    return node.awaitLine("reelay ready http://", Duration.ofSeconds(120)).substring("reelay ready ".length());
  }

  /**
   * After a failure the data dir's embedded PostgreSQL and Redis may be orphans (of a killed node, or of one that
   * close() killed): a node started on the dir stops them, and SIGTERM stops it and its own.
   */
  static void stopOrphans(Path dir) {
    try (NodeProcess sweeper = NodeProcess.start(env(dir))) {
      readyUrl(sweeper);
      sweeper.terminate();
      sweeper.awaitExit(Duration.ofSeconds(30));
    } catch (Exception | AssertionError e) {
      System.err.println("could not stop the embedded services left in " + dir + ": " + e);
    }
  }
}
