package io.reelay.room;

import io.reelay.node.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Moderation by a room's creator or an admin: deleting a message (clients are told its offset), muting a
 * user for a while, slow mode. Mutes and slow mode are stored with the room's history, so they survive a
 * change of owner. Each action is announced to the room as a {@code system} message.
 */
final class ModerationDesk {

  static final long MAX_MUTE_SECONDS = 30L * 24 * 3600;
  static final int MAX_SLOW_MODE_SECONDS = 3600;

  private final RoomHistory history;
  private final DanmakuArchive archive;
  private final BatchWriter writer;

  ModerationDesk(RoomHistory history, DanmakuArchive archive, BatchWriter writer) {
    this.history = history;
    this.archive = archive;
    this.writer = writer;
  }

  /** {@code request} carries {@code action} and its fields, already validated by the sender's node. */
  Future<JsonObject> moderate(OwnedRoom room, Principal moderator, JsonObject request) {
    if (!room.info.canModerate(moderator)) {
      return Future.failedFuture(new RoomError("forbidden", "only the room's creator or an admin may moderate it"));
    }
    String roomId = room.info.roomId();
    Future<JsonObject> announcement = switch (request.getString("action")) {
      case "delete" -> {
        long target = request.getLong("offset");
        if (target < 1 || target > room.lastOffset()) {
          yield Future.failedFuture(new RoomError("not_found", "the room has no message " + target));
        }
        if (room.info.vod()) {
          // Replays stop showing it; live clients are told by the system message below.
          archive.markDeleted(room.info.videoId(), room.epoch(), target);
        }
        yield Future.succeededFuture(system("deleted").put("target", target));
      }
      case "mute" -> {
        long userId = request.getLong("userId");
        long until = System.currentTimeMillis() + request.getLong("seconds") * 1000;
        yield history.setModeration(roomId, RoomRecord.muteField(userId), until).map(v -> {
          room.mute(userId, until);
          return system("muted").put("userId", userId).put("until", until);
        });
      }
      case "unmute" -> {
        long userId = request.getLong("userId");
        yield history.clearModeration(roomId, RoomRecord.muteField(userId)).map(v -> {
          room.unmute(userId);
          return system("unmuted").put("userId", userId);
        });
      }
      case "slowmode" -> {
        int seconds = request.getInteger("seconds");
        yield history.setModeration(roomId, RoomRecord.SLOW_MODE, seconds).map(v -> {
          room.slowMode(seconds);
          return system("slowmode").put("seconds", seconds);
        });
      }
      default -> Future.failedFuture(new RoomError("bad_request", "unknown moderation action"));
    };
    return announcement
        .recover(e -> Future.failedFuture(e instanceof RoomError ? e
            : new RoomError("unavailable", "the room's state could not be saved; retry")))
        .compose(message -> writer.enqueue(room, message, false))
        .map(placed -> new JsonObject().put("offset", placed.offset()));
  }

  /** A room message of kind {@code system}: what moderators did, or what happened to the room's stream. */
  static JsonObject system(String event) {
    return new JsonObject().put("kind", "system").put("event", event);
  }
}
