package io.reelay.node.cluster;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Starting small in-JVM clusters that can never meet anything else running on this machine. */
final class ClusterTestSupport {

  private static final String[] PREFIXES = {"video", "room", "upload", "stream"};

  private ClusterTestSupport() {
  }

  /** A unique cluster name, so tests never join another test's or a developer's nodes. */
  static String uniqueClusterName() {
    return "reelay-test-" + UUID.randomUUID();
  }

  /** The first node of a cluster: binds the first free port from 5701 on 127.0.0.1. */
  static ClusterNode startFirst(String clusterName) {
    return await(ClusterNode.start(ClusterSettings.local(clusterName)));
  }

  /** Joins {@code seed} by its actual port, so it does not matter which ports other processes hold. */
  static ClusterNode startJoining(String clusterName, ClusterNode seed) {
    int seedPort = seed.clusterManager().getHazelcastInstance().getCluster().getLocalMember().getAddress().getPort();
    ClusterSettings settings = ClusterSettings.local(clusterName).withMembers(List.of("127.0.0.1:" + seedPort));
    return await(ClusterNode.start(settings));
  }

  /** 1,000 keys spread over the four key kinds. */
  static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      keys.add(PREFIXES[i % PREFIXES.length] + ":" + i);
    }
    return keys;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete", e);
    }
  }

  static void waitUntil(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static void closeQuietly(ClusterNode node) {
    if (node != null) {
      try {
        await(node.close());
      } catch (AssertionError ignored) {
        // best effort in cleanup
      }
    }
  }

  static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
