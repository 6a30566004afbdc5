package io.reelay.node.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** Standalone node: it owns every key and ownership never moves. */
public final class LocalPartitionRouter extends EventBusPartitionRouter {

  private final String nodeId;

  public LocalPartitionRouter(Vertx vertx, String nodeId) {
    super(vertx);
    this.nodeId = nodeId;
  }

  @Override
  public String localNodeId() {
    return nodeId;
  }

  @Override
  public Future<Void> checkJoined() {
    return Future.succeededFuture();
  }

  @Override
  public boolean clustered() {
    return false;
  }

  @Override
  public String ownerOf(String key) {
    return nodeId;
  }

  @Override
  public boolean isLocal(String key) {
    return true;
  }

  @Override
  public List<ClusterMember> members() {
    return List.of(new ClusterMember(nodeId, "standalone", true));
  }

  @Override
  public Registration onOwnershipChange(Supplier<Collection<String>> keysHeld, OwnershipListener listener) {
    return () -> { };
  }
}
