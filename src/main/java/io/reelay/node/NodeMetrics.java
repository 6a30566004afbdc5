package io.reelay.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The node's Prometheus registry: Vert.x's own meters (HTTP, event bus, pools, JVM) and Reelay's.
 * One registry per node, so several nodes in one JVM (tests) never mix their figures.
 */
public final class NodeMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String registryName;

  public NodeMetrics(String registryName) {
    this.registryName = registryName;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public MicrometerMetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setJvmMetricsEnabled(true)
        // No per-address event-bus label: addresses carry node ids, an unbounded label set.
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE,
            Label.EB_FAILURE, Label.POOL_TYPE, Label.POOL_NAME))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }

  public Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  public void gauge(String name, String description, Supplier<Number> value, String... tags) {
    Gauge.builder(name, value).description(description).tags(tags).register(registry);
  }

  /**
   * A counter kept elsewhere (e.g. a LongAdder updated from many threads), read at scrape time. The registry
   * holds {@code source} weakly: its owner must keep it.
   */
  public <T> void functionCounter(String name, String description, T source, ToDoubleFunction<T> value,
      String... tags) {
    FunctionCounter.builder(name, source, value).description(description).tags(tags).register(registry);
  }

  /** Start-up phases as gauges, so a dashboard shows where start-up time went. */
  public void recordStartup(Map<String, Duration> phases) {
    phases.forEach((phase, took) -> gauge("reelay_startup_seconds", "time each start-up phase took",
        () -> took.toMillis() / 1000.0, "phase", phase));
  }
}
