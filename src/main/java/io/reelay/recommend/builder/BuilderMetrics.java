package io.reelay.recommend.builder;

import io.micrometer.core.instrument.Counter;
import io.reelay.node.NodeMetrics;

/** The profile builder's counters, shared by its instances (the registry hands each the same meters). */
public final class BuilderMetrics {

  final Counter applied;
  final Counter duplicate;
  final Counter ignored;
  final Counter bad;
  final Counter unknownItem;
  final Counter retries;
  final Counter pauses;

  public BuilderMetrics(NodeMetrics metrics) {
    applied = events(metrics, "applied");
    duplicate = events(metrics, "duplicate");
    ignored = events(metrics, "ignored");
    bad = events(metrics, "bad");
    unknownItem = events(metrics, "unknown_item");
    retries = metrics.counter("reelay_profile_write_retries", "profile state writes retried (Redis failures)");
    pauses = metrics.counter("reelay_profile_consumer_pauses", "times a profile consumer paused on write lag");
  }

  private static Counter events(NodeMetrics metrics, String result) {
    return metrics.counter("reelay_profile_events", "events of reelay.events handled by the profile builder",
        "result", result);
  }

  /** Events handled so far, whatever the result (benches read it). */
  public double handled() {
    return applied.count() + duplicate.count() + ignored.count() + bad.count() + unknownItem.count();
  }
}
