package io.reelay.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;

import java.util.HashMap;
import java.util.Map;

/** Immutable snapshot of the owner node of every partition, comparable with a later one. */
final class PartitionOwners {

  /** How one partition's owner changed between two snapshots. */
  record Change(String fromNodeId, String toNodeId) {
  }

  private final String[] owners;

  PartitionOwners(String[] owners) {
    this.owners = owners.clone();
  }

  /** The live table, or null while some partition has no owner (between a crash and the promotion of a backup). */
  static PartitionOwners read(PartitionService partitions) {
    Map<Integer, String> byId = new HashMap<>();
    for (Partition partition : partitions.getPartitions()) {
      Member owner = partition.getOwner();
      if (owner == null) {
        return null;
      }
      byId.put(partition.getPartitionId(), MemberIds.nodeId(owner));
    }
    String[] owners = new String[byId.size()];
    byId.forEach((id, nodeId) -> owners[id] = nodeId);
    return new PartitionOwners(owners);
  }

  int size() {
    return owners.length;
  }

  String owner(int partitionId) {
    return partitionId < owners.length ? owners[partitionId] : null;
  }

  /** Partitions whose owner differs in {@code next}, by partition id. */
  Map<Integer, Change> changesTo(PartitionOwners next) {
    Map<Integer, Change> changes = new HashMap<>();
    int n = Math.max(owners.length, next.owners.length);
    for (int id = 0; id < n; id++) {
      String from = owner(id);
      String to = next.owner(id);
      if (to != null && !to.equals(from)) {
        changes.put(id, new Change(from, to));
      }
    }
    return changes;
  }
}
