package io.reelay.room;

import io.reelay.node.RoomIds;
import io.reelay.node.ServerEvents;
import io.reelay.node.auth.Principal;
import io.reelay.node.cluster.KeyMove;
import io.reelay.node.cluster.PartitionRouter;
import io.reelay.node.cluster.Registration;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms this node owns ({@code room:<id>} in the partition table): it admits what viewers send
 * (mutes, slow mode, rate limits, block words), has it sequenced and broadcast, tracks which nodes have
 * viewers and how many, and hands rooms over when ownership moves. Everything runs on one context.
 */
final class RoomOwner {

  private static final Logger LOG = LoggerFactory.getLogger(RoomOwner.class);
  /** A room with no viewers and nothing to write is forgotten after this long (its state is in Redis). */
  private static final long IDLE_MS = 60_000;

  private final Vertx vertx;
  private final PartitionRouter router;
  private final RoomDirectory directory;
  private final RoomHistory history;
  private final BatchWriter writer;
  private final GiftDesk gifts;
  private final ModerationDesk moderation;
  private final RoomBroadcaster broadcaster;
  private final PresenceBoard board;
  private final BlockWords blockWords;
  private final ServerEvents serverEvents;
  private final RoomSettings settings;
  private final Map<String, OwnedRoom> rooms = new HashMap<>();
  private final Map<String, Future<OwnedRoom>> loading = new HashMap<>();
  private Registration ownership;
  private long ticks;

  RoomOwner(Vertx vertx, PartitionRouter router, RoomDirectory directory, RoomHistory history, BatchWriter writer,
      GiftDesk gifts, ModerationDesk moderation, RoomBroadcaster broadcaster, PresenceBoard board,
      RoomSettings settings, ServerEvents serverEvents) {
    this.vertx = vertx;
    this.router = router;
    this.directory = directory;
    this.history = history;
    this.writer = writer;
    this.gifts = gifts;
    this.moderation = moderation;
    this.broadcaster = broadcaster;
    this.board = board;
    this.blockWords = new BlockWords(settings.blockWords());
    this.settings = settings;
    this.serverEvents = serverEvents;
  }

  /** Call on the owner's context. */
  void start() {
    ownership = router.onOwnershipChange(
        () -> rooms.keySet().stream().map(RoomIds::key).toList(), this::ownershipMoved);
  }

  void stop() {
    if (ownership != null) {
      ownership.close();
    }
    rooms.values().forEach(writer::flushNow);
  }

  void handle(Message<JsonObject> request) {
    JsonObject body = request.body();
    String op = body.getString("op");
    if (RoomBus.OP_PRESENCE.equals(op)) {
      onPresence(body);
      return;
    }
    room(body.getString("room"))
        .compose(room -> dispatch(room, op, body))
        .onComplete(done -> {
          if (done.succeeded()) {
            request.reply(done.result());
          } else if (done.cause() instanceof RoomError refused) {
            request.reply(new JsonObject().put("error", refused.toJson()));
          } else {
            LOG.warn("room request {} failed", op, done.cause());
            request.reply(new JsonObject().put("error",
                new RoomError("unavailable", "the room could not handle this; retry").toJson()));
          }
        });
  }

  private Future<JsonObject> dispatch(OwnedRoom room, String op, JsonObject body) {
    long nowMs = System.currentTimeMillis();
    room.lastActiveMs = nowMs;
    return switch (op) {
      case RoomBus.OP_SUBSCRIBE -> {
        room.subscribers.merge(body.getString("node"), new OwnedRoom.Subscriber(0, nowMs),
            (old, fresh) -> new OwnedRoom.Subscriber(old.viewers(), nowMs));
        yield Future.succeededFuture(new RoomView(room.epoch(), room.lastOffset(), Math.max(0, room.lastOnline),
            room.info.creatorId(), room.info.restricted()).toJson());
      }
      case RoomBus.OP_PUBLISH -> publish(room, RoomUsers.fromJson(body.getJsonObject("user")),
          body.getJsonObject("message"), nowMs);
      case RoomBus.OP_LIKE -> {
        var refused = room.admitLike(RoomUsers.fromJson(body.getJsonObject("user")), System.nanoTime());
        if (refused.isPresent()) {
          yield Future.failedFuture(refused.get());
        }
        writer.addLike(room);
        yield Future.succeededFuture(new JsonObject());
      }
      case RoomBus.OP_GIFT -> gifts.send(room, RoomUsers.fromJson(body.getJsonObject("user")),
          body.getString("gift"), body.getInteger("count"), body.getString("key"));
      case RoomBus.OP_MODERATE -> moderation.moderate(room, RoomUsers.fromJson(body.getJsonObject("user")), body);
      case RoomBus.OP_ANNOUNCE -> writer.enqueue(room, ModerationDesk.system(body.getString("event")), false)
          .map(placed -> new JsonObject().put("offset", placed.offset()));
      default -> Future.failedFuture(new RoomError("unknown_type", "unknown operation " + op));
    };
  }

  private Future<JsonObject> publish(OwnedRoom room, Principal sender, JsonObject danmaku, long nowMs) {
    var refused = room.admitDanmaku(sender, nowMs, System.nanoTime());
    if (refused.isPresent()) {
      return Future.failedFuture(refused.get());
    }
    String text = danmaku.getString("text");
    var blocked = blockWords.firstIn(text);
    if (blocked.isPresent()) {
      return Future.failedFuture(new RoomError("blocked", "the message contains a blocked word"));
    }
    JsonObject content = new JsonObject()
        .put("kind", "danmaku")
        .put("user", RoomUsers.shown(sender))
        .put("text", text)
        .put("color", danmaku.getString("color"))
        .put("mode", danmaku.getString("mode"));
    if (room.info.vod()) {
      content.put("videoTime", danmaku.getDouble("videoTime"));
    }
    return writer.enqueue(room, content, true).map(placed -> {
      serverEvents.danmaku(sender.userId(), room.info.roomId());
      return new JsonObject().put("offset", placed.offset());
    });
  }

  /** A node's viewer counts for the rooms it has viewers of; rooms it no longer reports expire with their lease. */
  private void onPresence(JsonObject report) {
    String node = report.getString("node");
    long nowMs = System.currentTimeMillis();
    report.getJsonObject("rooms").forEach(entry -> {
      String roomId = entry.getKey();
      if (!RoomIds.valid(roomId) || !router.isLocal(RoomIds.key(roomId))) {
        return;
      }
      long viewers = ((Number) entry.getValue()).longValue();
      room(roomId).onSuccess(room -> room.subscribers.put(node, new OwnedRoom.Subscriber(viewers, nowMs)));
    });
  }

  /** Every second: expire leases, push changed viewer counts, forget idle rooms; every other second, the board. */
  void tick() {
    long nowMs = System.currentTimeMillis();
    long nowNanos = System.nanoTime();
    Map<String, Long> online = new HashMap<>();
    rooms.values().removeIf(room -> {
      long viewers = room.expire(nowMs, nowNanos);
      if (viewers != room.lastOnline) {
        broadcaster.presence(room.info.roomId(), viewers, room.subscribers.keySet());
        room.lastOnline = viewers;
      }
      online.put(room.info.roomId(), viewers);
      return room.idle(nowMs, IDLE_MS);
    });
    if (++ticks % 2 == 0) {
      board.publish(online, nowMs).onFailure(e -> LOG.debug("publishing room presence failed: {}", e.toString()));
    }
  }

  private Future<OwnedRoom> room(String roomId) {
    OwnedRoom room = rooms.get(roomId);
    if (room != null) {
      return Future.succeededFuture(room);
    }
    Future<OwnedRoom> underway = loading.get(roomId);
    if (underway != null) {
      return underway;
    }
    Promise<OwnedRoom> loaded = Promise.promise();
    loading.put(roomId, loaded.future());
    directory.lookup(roomId)
        .compose(info -> history.load(roomId).map(record -> new OwnedRoom(info, record, settings, System.currentTimeMillis())))
        .onComplete(done -> {
          loading.remove(roomId);
          if (done.succeeded()) {
            rooms.put(roomId, done.result());
          }
          loaded.handle(done);
        });
    return loaded.future();
  }

  private void ownershipMoved(List<KeyMove> moves) {
    for (KeyMove move : moves) {
      if (router.isLocal(move.key())) {
        continue;
      }
      OwnedRoom room = rooms.remove(move.key().substring("room:".length()));
      if (room != null) {
        LOG.info("room {} moved to node {}", room.info.roomId(), move.toNodeId());
        // What was admitted here is still written; the history's offset check keeps it consistent with the new owner.
        writer.flushNow(room);
      }
    }
  }
}
