package io.reelay.node.ops;

import io.reelay.node.Capabilities;
import io.reelay.node.auth.AccessGuard;
import io.reelay.node.auth.Role;
import io.reelay.node.cluster.ClusterMember;
import io.reelay.node.cluster.PartitionRouter;
import io.reelay.node.http.ApiException;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.http.JsonBodies;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The control plane: capability instances (admin only) and cluster membership with key ownership
 * (read-only, open, like health).
 */
public final class OpsRoutes implements HttpRoutes {

  private static final int MAX_KEY_LENGTH = 256;
  private static final String CAPABILITY = "ops";
  private static final long MEMBER_TIMEOUT_MS = 2000;

  private final Capabilities capabilities;
  private final PartitionRouter router;
  private final AccessGuard guard;

  public OpsRoutes(Capabilities capabilities, PartitionRouter router, AccessGuard guard) {
    this.capabilities = capabilities;
    this.router = router;
    this.guard = guard;
  }

  @Override
  public void mount(Router web) {
    web.get("/ops/verticles").handler(guard.require(Role.ADMIN)).handler(this::listCapabilities);
    web.post("/ops/verticles/:name/scale").handler(guard.require(Role.ADMIN)).handler(this::scale);
    web.get("/ops/cluster").handler(this::cluster);
  }

  /** Answers other nodes' "what runs on you" requests; the one ops consumer of this node. */
  public static Future<Void> serveCapabilityList(PartitionRouter router, Capabilities capabilities) {
    return router.serve(CAPABILITY, msg -> capabilities.list().onComplete(result -> {
      if (result.succeeded()) {
        msg.reply(new JsonObject().put("capabilities", new JsonArray(result.result())));
      } else {
        msg.fail(500, result.cause().getMessage());
      }
    }));
  }

  /** This node's capabilities, and every member's, asked over the event bus. */
  private void listCapabilities(RoutingContext ctx) {
    List<ClusterMember> members = router.members();
    List<Future<JsonObject>> answers = members.stream().map(m -> ctx.vertx().eventBus()
        .<JsonObject>request(PartitionRouter.address(CAPABILITY, m.nodeId()), new JsonObject(),
            new DeliveryOptions().setSendTimeout(MEMBER_TIMEOUT_MS))
        .map(Message::body)).toList();
    Future.join(answers).onComplete(ignored -> {
      JsonArray cluster = new JsonArray();
      JsonArray local = new JsonArray();
      for (int i = 0; i < members.size(); i++) {
        ClusterMember member = members.get(i);
        Future<JsonObject> answer = answers.get(i);
        JsonObject entry = new JsonObject().put("node", member.nodeId()).put("address", member.address());
        if (answer.succeeded()) {
          JsonArray list = answer.result().getJsonArray("capabilities");
          entry.put("capabilities", list);
          if (member.local()) {
            local = list;
          }
        } else {
          entry.put("error", answer.cause().getMessage());
        }
        cluster.add(entry);
      }
      ctx.json(new JsonObject().put("node", router.localNodeId()).put("capabilities", local).put("cluster", cluster));
    });
  }

  private void scale(RoutingContext ctx) {
    Object instances = JsonBodies.object(ctx).getValue("instances");
    if (!(instances instanceof Integer n)) {
      throw ApiException.badRequest("body must be {\"instances\": N} with N an integer");
    }
    capabilities.scale(ctx.pathParam("name"), n).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
      } else {
        ctx.json(result.result());
      }
    });
  }

  private void cluster(RoutingContext ctx) {
    JsonArray members = new JsonArray();
    for (ClusterMember m : router.members()) {
      members.add(new JsonObject().put("nodeId", m.nodeId()).put("address", m.address()).put("local", m.local()));
    }
    JsonObject body = new JsonObject()
        .put("clustered", router.clustered())
        .put("localNode", router.localNodeId())
        .put("members", members);
    String key = ctx.request().getParam("key");
    if (key != null) {
      if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
        throw ApiException.badRequest("key must be 1-" + MAX_KEY_LENGTH + " characters, e.g. room:42");
      }
      String owner;
      try {
        owner = router.ownerOf(key);
      } catch (IllegalStateException e) {
        throw new ApiException(503, "unavailable", e.getMessage(), 1);
      }
      body.put("key", key).put("owner", owner).put("ownerIsLocal", owner.equals(router.localNodeId()));
    }
    ctx.json(body);
  }
}
