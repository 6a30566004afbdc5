package io.reelay.room;

import io.reelay.node.RoomIds;
import io.reelay.node.http.ApiException;
import io.reelay.node.http.HttpRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** {@code WS /ws/rooms/{roomId}}; each HTTP instance (event loop) gets a hub of its own for its connections. */
final class RoomSocketRoutes implements HttpRoutes {

  private final RoomServices services;

  RoomSocketRoutes(RoomServices services) {
    this.services = services;
  }

  @Override
  public void mount(Router router) {
    LocalRoomHub hub = new LocalRoomHub(Vertx.currentContext());
    hub.startPinging(Vertx.currentContext().owner());
    services.fanout().register(hub);
    router.get("/ws/rooms/:roomId").handler(ctx -> {
      String roomId = ctx.pathParam("roomId");
      if (!RoomIds.valid(roomId)) {
        ctx.fail(ApiException.badRequest("a room id is 1-64 characters of A-Z, a-z, 0-9, '-' and '_'"));
        return;
      }
      String token = ctx.request().getParam("token");
      ctx.request().toWebSocket()
          .onSuccess(ws -> new RoomConnection(ws, roomId, services, hub).start(token))
          .onFailure(ctx::fail);
    });
  }
}
