package io.reelay;

import io.reelay.node.ReelayNode;
import io.reelay.node.config.ConfigException;
import io.reelay.node.config.ConfigLoader;
import io.reelay.node.config.ReelayConfig;
import java.net.BindException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: configuration → node → ready line. Exit status 2 for bad configuration (including
 * a port in use), 1 for any other start-up failure. SIGTERM stops the node gracefully.
 */
public final class Reelay {

  public static final int EXIT_BAD_CONFIG = 2;
  public static final int EXIT_START_FAILED = 1;

  private Reelay() {}

  public static void main(String[] args) {
    ReelayConfig config;
    try {
      config = ConfigLoader.load(args, System.getenv());
    } catch (ConfigException e) {
      exit(EXIT_BAD_CONFIG, "configuration error: " + e.getMessage());
      return;
    }
    GracefulStop stop = GracefulStop.install();
    ReelayNode node;
    try {
      node = ReelayNode.start(config);
    } catch (ConfigException e) {
      exit(EXIT_BAD_CONFIG, "configuration error: " + e.getMessage());
      return;
    } catch (Exception e) {
      if (causedBy(e, BindException.class)) {
        exit(EXIT_BAD_CONFIG, "configuration error: httpPort: a port is already in use: " + e.getMessage());
      }
      LoggerFactory.getLogger(Reelay.class).error("start-up failed", e);
      exit(EXIT_START_FAILED, "start-up failed: " + e.getMessage());
      return;
    }
    announce(node);
    stop.attach(node);
  }

  private static void announce(ReelayNode node) {
    Logger log = LoggerFactory.getLogger(Reelay.class);
    log.info("start-up took {}", describe(node.startupPhases()));
    node.generatedAdminPassword().ifPresent(password -> System.out.println(
        "admin password (shown once; set REELAY_ADMIN_PASSWORD to choose it): " + password));
    System.out.println("reelay endpoints (node " + node.router().localNodeId() + "):");
    node.endpoints().describe().forEach(System.out::println);
    if (node.ownsEmbeddedServices()) {
      System.out.println("embedded services (other nodes may use them):");
      System.out.println("  REELAY_PG_URL=" + node.serviceUrls().postgres());
      System.out.println("  REELAY_REDIS_URL=" + node.serviceUrls().redis());
      System.out.println("  REELAY_KAFKA_BOOTSTRAP=" + node.serviceUrls().kafkaBootstrap());
    }
    System.out.println("reelay ready " + node.endpoints().httpUrl());
    System.out.flush();
  }

  static String describe(Map<String, Duration> phases) {
    return phases.entrySet().stream()
        .map(e -> e.getKey() + " " + String.format("%.2fs", e.getValue().toMillis() / 1000.0))
        .collect(Collectors.joining(", "));
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static void exit(int status, String line) {
    System.err.println("reelay: " + line);
    System.exit(status);
  }
}
