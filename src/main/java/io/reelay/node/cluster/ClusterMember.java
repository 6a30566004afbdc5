package io.reelay.node.cluster;

/**
 * A node of the cluster.
 *
 * @param nodeId  the Vert.x node id (what {@link PartitionRouter#ownerOf} returns)
 * @param address the node's Hazelcast member address, "host:port"
 * @param local   whether it is this node
 */
public record ClusterMember(String nodeId, String address, boolean local) {
}
