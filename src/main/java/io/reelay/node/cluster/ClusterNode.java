package io.reelay.node.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A clustered Vert.x started from {@link ClusterSettings}, with its partition router.
 * {@link #close()} leaves gracefully: Vert.x's cluster manager shuts Hazelcast down, which hands this node's
 * partitions to the others before leaving. Call it on SIGTERM (Hazelcast's own shutdown hook is off).
 */
public final class ClusterNode {

  private final Vertx vertx;
  private final HazelcastClusterManager clusterManager;
  private final PartitionRouter router;

  private ClusterNode(Vertx vertx, HazelcastClusterManager clusterManager, PartitionRouter router) {
    this.vertx = vertx;
    this.clusterManager = clusterManager;
    this.router = router;
  }

  public static Future<ClusterNode> start(ClusterSettings settings) {
    return start(settings, new VertxOptions(), null);
  }

  /**
   * Starts with {@code options} and, if not null, {@code metrics}, except that the event bus binds to the
   * settings' host on a free port.
   */
  public static Future<ClusterNode> start(ClusterSettings settings, VertxOptions options, VertxMetricsFactory metrics) {
    HazelcastClusterManager clusterManager = new HazelcastClusterManager(HazelcastConfigFactory.create(settings));
    VertxOptions copy = new VertxOptions(options);
    copy.getEventBusOptions().setHost(settings.host()).setPort(0);
    VertxBuilder builder = Vertx.builder().with(copy);
    if (metrics != null) {
      builder.withMetrics(metrics);
    }
    return builder
      .withClusterManager(clusterManager)
      .buildClustered()
      .map(vertx -> new ClusterNode(vertx, clusterManager, PartitionRouter.create(vertx, clusterManager)));
  }

  public Vertx vertx() {
    return vertx;
  }

  public HazelcastClusterManager clusterManager() {
    return clusterManager;
  }

  public PartitionRouter router() {
    return router;
  }

  public String nodeId() {
    return clusterManager.getNodeId();
  }

  /**
   * Leaves the cluster gracefully when the JVM is asked to stop (SIGTERM), waiting at most {@code timeout}.
   * Needed because neither Vert.x 5 nor Hazelcast (its hook is off) does it.
   */
  public ClusterNode closeOnJvmShutdown(Duration timeout) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        close().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // The JVM exits anyway; the others detect the missing heartbeats.
      }
    }, "reelay-cluster-leave"));
    return this;
  }

  /** Stops routing, then leaves the cluster and closes Vert.x. */
  public Future<Void> close() {
    router.close();
    return vertx.close();
  }
}
