package io.reelay.node.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Routes by Hazelcast's partition table: the owner of a key is the owner of the partition the key hashes to,
 * so every node agrees without extra coordination and ownership follows Hazelcast's rebalancing.
 *
 * <p>Create it at node start-up, not inside a short-lived verticle: its timers live on the creating context.
 */
public final class HazelcastPartitionRouter extends EventBusPartitionRouter {

  private static final Logger log = LoggerFactory.getLogger(HazelcastPartitionRouter.class);

  private final String localNodeId;
  private final HazelcastInstance hazelcast;
  private final PartitionService partitions;
  private final OwnershipTracker tracker;
  private final Future<UUID[]> listenerIds;

  public HazelcastPartitionRouter(Vertx vertx, String localNodeId, HazelcastInstance hazelcast) {
    super(vertx);
    this.localNodeId = localNodeId;
    this.hazelcast = hazelcast;
    this.partitions = hazelcast.getPartitionService();
    this.tracker = new OwnershipTracker(vertx, vertx.getOrCreateContext(),
      () -> PartitionOwners.read(partitions), this::partitionId);
    tracker.start();
    // Registering a migration listener is a cluster-wide (blocking) call: keep it off the event loop.
    // Changes before it is in place are still caught, by the tracker's diff on the next signal or resync.
    this.listenerIds = vertx.executeBlocking(() -> new UUID[] {
      hazelcast.getCluster().addMembershipListener(new MembershipSignal()),
      partitions.addMigrationListener(new MigrationSignal())
    });
    listenerIds.onFailure(e -> log.warn("cannot listen for partition changes; relying on periodic resync", e));
  }

  @Override
  public String localNodeId() {
    return localNodeId;
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public Future<Void> checkJoined() {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return Future.failedFuture("hazelcast is not running");
    }
    return Future.succeededFuture();
  }

  @Override
  public String ownerOf(String key) {
    Partition partition = partitions.getPartition(key);
    Member owner = partition.getOwner();
    if (owner != null) {
      return MemberIds.nodeId(owner);
    }
    // No owner for a moment (a member died, its backup is not promoted yet): use the last known one.
    String lastKnown = tracker.lastKnownOwner(partition.getPartitionId());
    if (lastKnown == null) {
      throw new IllegalStateException("owner of " + key + " is not known yet");
    }
    return lastKnown;
  }

  @Override
  public List<ClusterMember> members() {
    Cluster cluster = hazelcast.getCluster();
    return cluster.getMembers().stream()
      .map(m -> new ClusterMember(MemberIds.nodeId(m), MemberIds.address(m), m.localMember()))
      .toList();
  }

  @Override
  public Registration onOwnershipChange(Supplier<Collection<String>> keysHeld, OwnershipListener listener) {
    return tracker.register(keysHeld, listener);
  }

  @Override
  public void close() {
    super.close();
    tracker.close();
    listenerIds.onSuccess(ids -> vertx.executeBlocking(() -> {
      try {
        hazelcast.getCluster().removeMembershipListener(ids[0]);
        partitions.removeMigrationListener(ids[1]);
      } catch (RuntimeException e) {
        // Already left the cluster: nothing to remove.
        log.debug("cannot remove partition listeners", e);
      }
      return null;
    }));
  }

  private int partitionId(String key) {
    return partitions.getPartition(key).getPartitionId();
  }

  /** Joins and leaves: a leave without graceful hand-off changes owners without a migration. */
  private final class MembershipSignal implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent event) {
      tracker.changed();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      tracker.changed();
    }
  }

  /** Published by the master for the whole cluster; primary-replica moves are the ones that change owners. */
  private final class MigrationSignal implements MigrationListener {
    @Override
    public void migrationStarted(MigrationState state) {
    }

    @Override
    public void migrationFinished(MigrationState state) {
      tracker.changed();
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
      if (event.getReplicaIndex() == 0) {
        tracker.changed();
      }
    }

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
    }
  }
}
