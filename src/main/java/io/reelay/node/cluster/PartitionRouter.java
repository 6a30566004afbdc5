package io.reelay.node.cluster;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Collection;
import java.util.UUID;
import java.util.List;
import java.util.function.Supplier;

/**
 * Decides which node owns a key ({@code video:<id>}, {@code room:<id>}, {@code upload:<id>}, {@code stream:<id>})
 * and routes work for it there, so that state for one key lives on exactly one node.
 */
public interface PartitionRouter extends AutoCloseable {

  /** Event-bus header carrying the key a {@link #request} was routed for. */
  String KEY_HEADER = "reelay-key";

  /** A standalone router when {@code clusterManagerOrNull} is null, else one backed by the cluster's partition table. */
  static PartitionRouter create(Vertx vertx, ClusterManager clusterManagerOrNull) {
    if (clusterManagerOrNull == null) {
      return new LocalPartitionRouter(vertx, UUID.randomUUID().toString());
    }
    if (clusterManagerOrNull instanceof HazelcastClusterManager hazelcast) {
      return new HazelcastPartitionRouter(vertx, hazelcast.getNodeId(), hazelcast.getHazelcastInstance());
    }
    throw new IllegalArgumentException("unsupported cluster manager: " + clusterManagerOrNull.getClass().getName());
  }

  /** The event-bus address of a capability's consumer on one node. */
  static String address(String capability, String nodeId) {
    return "reelay." + capability + "@" + nodeId;
  }

  /** This node's id; the Vert.x cluster manager's node id when clustered. */
  String localNodeId();

  boolean clustered();

  /** Succeeds while this node is a member of its cluster (always, standalone); for readiness. */
  Future<Void> checkJoined();

  /** Node id of the key's owner, from the live partition table. */
  String ownerOf(String key);

  boolean isLocal(String key);

  /** The nodes of the cluster, oldest first. */
  List<ClusterMember> members();

  /**
   * Registers THE event-bus consumer of a capability on this node, at {@link #address(String, String)}.
   * One per capability and node, never one per connection or key; a second call for the same capability fails.
   * Completes once the consumer is known cluster-wide. The key a request was routed for is in {@link #KEY_HEADER}.
   */
  Future<Void> serve(String capability, Handler<Message<JsonObject>> handler);

  /**
   * Event-bus request to the capability's consumer on the owner node of key. If the owner left in the meantime
   * (no handler) and the key has a new owner, the request is sent once more to the new owner.
   *
   * @param options may be null
   */
  Future<Message<JsonObject>> request(String capability, String key, JsonObject body, DeliveryOptions options);

  /**
   * Calls back when ownership of any of the keys the capability holds moves (a member joined or left).
   * {@code keysHeld} is asked at change time; the listener gets exactly the moved keys. Both run on the
   * Vert.x context current when this is called (or the router's own one).
   * Moves are relative to the router's last settled view of the partition table, so a listener registered
   * while a rebalance is under way is also told about that rebalance. Ownership may already have moved
   * (see {@link #ownerOf}) a few hundred ms before the callback runs.
   */
  Registration onOwnershipChange(Supplier<Collection<String>> keysHeld, OwnershipListener listener);

  /** Stops serving capabilities and listening for ownership changes; does not leave the cluster. */
  @Override
  void close();
}
