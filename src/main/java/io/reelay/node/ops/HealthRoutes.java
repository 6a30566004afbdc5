package io.reelay.node.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.reelay.node.NodeEndpoints;
import io.reelay.node.http.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.lang.management.ManagementFactory;
import java.util.List;

/** Liveness, readiness and Prometheus metrics: open to probes and scrapers, no token needed. */
public final class HealthRoutes implements HttpRoutes {

  private final String nodeId;
  private final boolean clustered;
  private final NodeEndpoints endpoints;
  private final List<ReadinessCheck> checks;
  private final PrometheusMeterRegistry registry;

  public HealthRoutes(String nodeId, boolean clustered, NodeEndpoints endpoints, List<ReadinessCheck> checks,
      PrometheusMeterRegistry registry) {
    this.nodeId = nodeId;
    this.clustered = clustered;
    this.endpoints = endpoints;
    this.checks = checks;
    this.registry = registry;
  }

  @Override
  public void mount(Router router) {
    router.get("/ops/health").handler(ctx -> ctx.json(new JsonObject()
        .put("status", "up")
        .put("node", nodeId)
        .put("clustered", clustered)
        .put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
        .put("endpoints", endpoints.toJson())));
    router.get("/ops/ready").handler(this::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
  }

  private void ready(RoutingContext ctx) {
    List<Future<Void>> probes = checks.stream().map(c -> c.probe().get()).toList();
    Future.join(probes).onComplete(ignored -> {
      JsonObject states = new JsonObject();
      StringBuilder failing = new StringBuilder();
      for (int i = 0; i < checks.size(); i++) {
        Future<Void> probe = probes.get(i);
        String name = checks.get(i).name();
        if (probe.succeeded()) {
          states.put(name, "up");
        } else {
          String reason = String.valueOf(probe.cause().getMessage());
          states.put(name, "down: " + reason);
          failing.append(failing.length() == 0 ? "" : "; ").append(name).append(": ").append(reason);
        }
      }
      JsonObject body = new JsonObject().put("node", nodeId).put("checks", states);
      if (failing.length() == 0) {
        ctx.json(body.put("status", "ready"));
      } else {
        ctx.response().setStatusCode(503);
        ctx.json(body.put("error", "not_ready").put("message", failing.toString()));
      }
    });
  }
}
