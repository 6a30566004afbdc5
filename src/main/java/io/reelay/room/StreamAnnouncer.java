package io.reelay.room;

import io.reelay.live.LiveEvents;
import io.reelay.node.RoomIds;
import io.reelay.node.cluster.PartitionRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a live stream's room when the stream starts and ends ({@code system} messages {@code stream_started},
 * {@code stream_ended}). {@code live.*} events are published to every node (one consumer per node); the node
 * that owns the room's key passes it to the room's owner, so it is announced once (best effort while ownership
 * moves).
 */
final class StreamAnnouncer {

  private static final Logger LOG = LoggerFactory.getLogger(StreamAnnouncer.class);

  private final Vertx vertx;
  private final PartitionRouter router;
  private MessageConsumer<JsonObject> consumer;

  StreamAnnouncer(Vertx vertx, PartitionRouter router) {
    this.vertx = vertx;
    this.router = router;
  }

  Future<Void> start() {
    consumer = vertx.eventBus().consumer(LiveEvents.ADDRESS, message -> announce(message.body()));
    return consumer.completion();
  }

  Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void announce(JsonObject event) {
    String systemEvent = switch (event.getString("type", "")) {
      case "live.started" -> "stream_started";
      case "live.ended" -> "stream_ended";
      default -> null;
    };
    String streamId = event.getString("streamId");
    if (systemEvent == null || streamId == null) {
      return;
    }
    String roomId = RoomIds.ofStream(streamId);
    String key = RoomIds.key(roomId);
    if (!router.isLocal(key)) {
      return; // the owner's node announces it
    }
    router.request(RoomBus.OWNER, key, new JsonObject().put("op", RoomBus.OP_ANNOUNCE).put("room", roomId)
            .put("event", systemEvent), null)
        .onFailure(e -> LOG.warn("{} not announced in room {}: {}", systemEvent, roomId, e.toString()));
  }
}
