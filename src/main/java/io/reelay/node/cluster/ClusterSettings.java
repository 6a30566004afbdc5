package io.reelay.node.cluster;

import java.util.List;
import java.util.Objects;

/**
 * Where this node listens for cluster traffic and whom it asks to join
 * (from ReelayConfig: clusterName, clusterHost, clusterPort, clusterMembers).
 *
 * @param clusterName nodes only join others with the same name; tests use a unique one each
 * @param host        address to bind Hazelcast and the event bus to (an IP or host name)
 * @param port        first Hazelcast port to try (auto-incremented when taken); 0 keeps cluster.xml's
 * @param members     "host" or "host:port" entries to join; empty keeps cluster.xml's (127.0.0.1)
 */
public record ClusterSettings(String clusterName, String host, int port, List<String> members) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;

  public ClusterSettings {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(host, "host");
    if (clusterName.isBlank() || host.isBlank()) {
      throw new IllegalArgumentException("clusterName and host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    members = members == null ? List.of() : List.copyOf(members);
  }

  /** A cluster of nodes on this machine, found over 127.0.0.1. */
  public static ClusterSettings local(String clusterName) {
    return new ClusterSettings(clusterName, DEFAULT_HOST, DEFAULT_PORT, List.of());
  }

  public ClusterSettings withMembers(List<String> newMembers) {
    return new ClusterSettings(clusterName, host, port, newMembers);
  }
}
