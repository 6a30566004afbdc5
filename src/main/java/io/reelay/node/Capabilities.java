package io.reelay.node;

import io.reelay.node.http.ApiException;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the node's capabilities and scales them at run time. Scaling deploys the new instance set
 * before undeploying the old one, so a capability that serves a shared port (HTTP) never stops
 * serving. All state is owned by one Vert.x context; operations are serialised on it.
 */
public final class Capabilities {

  public static final int MAX_INSTANCES = 64;
  private static final Logger LOG = LoggerFactory.getLogger(Capabilities.class);

  private record Deployed(Capability capability, String deploymentId, int instances) {}

  private final Vertx vertx;
  private final NodeMetrics metrics;
  private final Context owner;
  private final String nodeId;
  private final Map<String, Deployed> deployed = new LinkedHashMap<>();
  private Future<?> queue = Future.succeededFuture();
  /** Copy of the instance total for the metrics scraper, which runs outside the owner context. */
  private volatile int totalInstances;

  public Capabilities(Vertx vertx, String nodeId, NodeMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.owner = vertx.getOrCreateContext();
    this.nodeId = nodeId;
    metrics.gauge("reelay_capability_instances", "instances of all capabilities on this node",
        () -> totalInstances);
  }

  public Future<Void> deploy(Capability capability) {
    return serialised(() -> deployInstances(capability, capability.initialInstances())
        .map(id -> {
          deployed.put(capability.name(), new Deployed(capability, id, capability.initialInstances()));
          recount();
          return null;
        }));
  }

  /** Redeploys the capability with {@code instances}; the old instances drain after the new ones serve. */
  public Future<JsonObject> scale(String name, int instances) {
    if (instances < 1 || instances > MAX_INSTANCES) {
      return Future.failedFuture(ApiException.badRequest("instances must be 1-" + MAX_INSTANCES));
    }
    return serialised(() -> {
      Deployed current = deployed.get(name);
      if (current == null) {
        return Future.failedFuture(new ApiException(404, "not_found", "no capability '" + name + "' on this node"));
      }
      if (current.instances() == instances) {
        return Future.succeededFuture(describe(current));
      }
      return deployInstances(current.capability(), instances).map(newId -> {
        Deployed next = new Deployed(current.capability(), newId, instances);
        deployed.put(name, next);
        recount();
        LOG.info("capability {} scaled from {} to {} instances", name, current.instances(), instances);
        metrics.counter("reelay_capability_scale_total", "scale operations by capability", "capability", name).increment();
        // Not awaited: an old instance may be serving this very request and drains only after it ends.
        vertx.undeploy(current.deploymentId())
            .onFailure(e -> LOG.warn("undeploying old instances of {} failed", name, e));
        return describe(next);
      });
    });
  }

  public Future<List<JsonObject>> list() {
    return serialised(() -> {
      List<JsonObject> out = new ArrayList<>();
      deployed.values().forEach(d -> out.add(describe(d)));
      return Future.succeededFuture(out);
    });
  }

  /** Undeploys every capability, last deployed first. */
  public Future<Void> undeployAll() {
    return serialised(() -> {
      List<Deployed> reversed = new ArrayList<>(deployed.values());
      Collections.reverse(reversed);
      deployed.clear();
      recount();
      Future<Void> chain = Future.succeededFuture();
      for (Deployed d : reversed) {
        chain = chain.compose(v -> vertx.undeploy(d.deploymentId()).recover(e -> Future.succeededFuture()));
      }
      return chain;
    });
  }

  private void recount() {
    totalInstances = deployed.values().stream().mapToInt(Deployed::instances).sum();
  }

  private Future<String> deployInstances(Capability capability, int instances) {
    return vertx.deployVerticle(capability.factory(), new DeploymentOptions().setInstances(instances));
  }

  private JsonObject describe(Deployed d) {
    return new JsonObject()
        .put("name", d.capability().name())
        .put("instances", d.instances())
        .put("node", nodeId)
        .put("deploymentId", d.deploymentId());
  }

  /** Runs operations one at a time on the owner context, in call order. */
  private <T> Future<T> serialised(Supplier<Future<T>> operation) {
    Promise<T> result = Promise.promise();
    owner.runOnContext(v -> {
      Future<T> next = queue.transform(ignored -> operation.get());
      queue = next;
      next.onComplete(result);
    });
    return result.future();
  }
}
