package io.reelay.node.cluster;

/** A key whose owner changed from one node to another. */
public record KeyMove(String key, String fromNodeId, String toNodeId) {
}
