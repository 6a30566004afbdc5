package io.reelay.room;

import io.reelay.node.RoomIds;
import io.reelay.node.cluster.PartitionRouter;
import io.reelay.node.cluster.Registration;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node's side of rooms: it subscribes to a room's owner when the room gets its first viewer here,
 * receives each batch once (one event-bus consumer per node, never one per connection) and hands it to
 * the event loops with viewers, and reports its viewer counts to the owners every second.
 */
final class RoomFanout {

  static final long REPORT_INTERVAL_MS = 1_000;
  private static final long REQUEST_TIMEOUT_MS = 5_000;

  /**
   * A room with viewers on this node. {@code viewers} is changed only inside the map's compute calls; the
   * latest epoch, offset and count seen here start from the owner's answer and follow the frames received.
   */
  static final class NodeRoom {
    final String roomId;
    int viewers;
    volatile Future<RoomView> subscription;
    volatile String epoch;
    volatile long offset = -1;
    volatile long online = -1;

    /** The owner's view, brought up to date with what this node received since. */
    RoomView current(RoomView subscribed) {
      return new RoomView(epoch == null ? subscribed.epoch() : epoch, Math.max(offset, subscribed.offset()),
          online < 0 ? subscribed.online() : online, subscribed.creatorId(), subscribed.restricted());
    }

    NodeRoom(String roomId) {
      this.roomId = roomId;
    }
  }

  private final Vertx vertx;
  private final PartitionRouter router;
  private final List<LocalRoomHub> hubs = new CopyOnWriteArrayList<>();
  private final Map<String, NodeRoom> rooms = new ConcurrentHashMap<>();
  private MessageConsumer<Buffer> consumer;
  private Registration ownership;
  private long reportTimer = -1;

  RoomFanout(Vertx vertx, PartitionRouter router) {
    this.vertx = vertx;
    this.router = router;
  }

  /** On the fan-out's context: batches and ownership changes are handled there. */
  Future<Void> start() {
    consumer = vertx.eventBus().consumer(RoomBus.fanoutAddress(router.localNodeId()), this::onFrame);
    ownership = router.onOwnershipChange(() -> rooms.keySet().stream().map(RoomIds::key).toList(),
        moves -> moves.forEach(move -> resubscribe(move.key().substring("room:".length()))));
    reportTimer = vertx.setPeriodic(REPORT_INTERVAL_MS, id -> report());
    return consumer.completion();
  }

  Future<Void> stop() {
    vertx.cancelTimer(reportTimer);
    if (ownership != null) {
      ownership.close();
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  void register(LocalRoomHub hub) {
    hubs.add(hub);
  }

  /**
   * A connection joined the room (from any event loop). Completes with the room as its owner sees it; the
   * owner is asked only for the room's first viewer on this node (or after a failed attempt).
   */
  Future<RoomView> join(String roomId) {
    NodeRoom room = rooms.compute(roomId, (id, existing) -> {
      NodeRoom r = existing == null ? new NodeRoom(id) : existing;
      r.viewers++;
      return r;
    });
    Future<RoomView> subscription = room.subscription;
    if (subscription == null || subscription.failed()) {
      subscription = subscribe(roomId);
      room.subscription = subscription;
    }
    return subscription.map(room::current);
  }

  void leave(String roomId) {
    rooms.computeIfPresent(roomId, (id, room) -> --room.viewers == 0 ? null : room);
  }

  private void resubscribe(String roomId) {
    NodeRoom room = rooms.get(roomId);
    if (room != null) {
      room.subscription = subscribe(roomId);
    }
  }

  private Future<RoomView> subscribe(String roomId) {
    JsonObject request = new JsonObject()
        .put("op", RoomBus.OP_SUBSCRIBE).put("room", roomId).put("node", router.localNodeId());
    return OwnerRequests.send(router, roomId, request, REQUEST_TIMEOUT_MS).map(RoomView::fromJson);
  }

  private void onFrame(Message<Buffer> message) {
    FanoutBatch batch = FanoutBatch.from(message);
    NodeRoom room = rooms.get(batch.roomId());
    if (room != null) {
      if (batch.presence()) {
        room.online = batch.online();
      } else {
        if (!batch.epoch().equals(room.epoch)) {
          room.epoch = batch.epoch();
          room.offset = batch.last();
        }
        room.offset = Math.max(room.offset, batch.last());
      }
    }
    for (LocalRoomHub hub : hubs) {
      if (hub.has(batch.roomId())) {
        hub.deliver(batch);
      }
    }
  }

  /** One message per owner node with this node's viewer counts of that owner's rooms. */
  private void report() {
    Map<String, JsonObject> byOwner = new HashMap<>();
    rooms.values().forEach(room -> byOwner
        .computeIfAbsent(router.ownerOf(RoomIds.key(room.roomId)), owner -> new JsonObject())
        .put(room.roomId, room.viewers));
    DeliveryOptions options = new DeliveryOptions();
    byOwner.forEach((owner, counts) -> vertx.eventBus().send(RoomBus.ownerAddress(owner), new JsonObject()
        .put("op", RoomBus.OP_PRESENCE).put("node", router.localNodeId()).put("rooms", counts), options));
  }
}
