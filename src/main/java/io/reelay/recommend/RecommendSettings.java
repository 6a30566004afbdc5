package io.reelay.recommend;

import io.reelay.node.config.ReelayConfig;

/**
 * How a node runs recommendations; see the recommendation keys in the README's configuration table.
 *
 * @param profileInstances profile-builder consumers on this node (members of one group: they share the partitions)
 * @param dedupSeconds     how long an event id counts once
 * @param snapshotSeconds  how often the state is copied to PostgreSQL (0: only at clean shutdown)
 */
public record RecommendSettings(int profileInstances, long dedupSeconds, long snapshotSeconds) {

  /** Partitions {@code reelay.events} is created with when a node finds it missing: up to 8 consumers share it. */
  public static final int EVENT_PARTITIONS = 8;

  public static RecommendSettings from(ReelayConfig config) {
    return new RecommendSettings(config.profileInstances(), config.recDedupSeconds(), config.recSnapshotSeconds());
  }
}
