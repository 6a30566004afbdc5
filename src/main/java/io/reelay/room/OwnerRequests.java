package io.reelay.room;

import io.reelay.node.RoomIds;
import io.reelay.node.cluster.PartitionRouter;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** Requests to a room's owner node; a refusal comes back as a failed future with the {@link RoomError}. */
final class OwnerRequests {

  private OwnerRequests() {}

  static Future<JsonObject> send(PartitionRouter router, String roomId, JsonObject request, long timeoutMs) {
    return router.request(RoomBus.OWNER, RoomIds.key(roomId), request, new DeliveryOptions().setSendTimeout(timeoutMs))
        .recover(e -> Future.failedFuture(new RoomError("unavailable", "the room's owner did not answer; retry")))
        .compose(reply -> {
          JsonObject error = reply.body().getJsonObject("error");
          return error == null ? Future.succeededFuture(reply.body()) : Future.failedFuture(RoomError.fromJson(error));
        });
  }
}
