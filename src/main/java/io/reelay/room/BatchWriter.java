package io.reelay.room;

import io.reelay.room.RoomHistory.AppendConflict;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a room's admitted messages into batches: offsets are assigned when a batch is written, the batch
 * goes into the history as one append (and VOD danmaku into the archive), and only then are senders
 * acknowledged and the batch broadcast. One batch per room is in flight at a time, so offsets reach the
 * history in order. Runs on the owner's context.
 */
final class BatchWriter {

  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
  /** Re-sequencing attempts after another writer moved the history on, before senders are told to retry. */
  private static final int MAX_CONFLICTS = 3;

  private final Vertx vertx;
  private final RoomHistory history;
  private final DanmakuArchive archive;
  private final RoomBroadcaster broadcaster;
  private final RoomSettings settings;
  private final RoomMetrics metrics;

  BatchWriter(Vertx vertx, RoomHistory history, DanmakuArchive archive, RoomBroadcaster broadcaster,
      RoomSettings settings, RoomMetrics metrics) {
    this.vertx = vertx;
    this.history = history;
    this.archive = archive;
    this.broadcaster = broadcaster;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** Queues a message for the room's next batch; completes once it is in the history. */
  Future<Sequenced> enqueue(OwnedRoom room, JsonObject content, boolean droppable) {
    PendingMessage message = PendingMessage.of(content, droppable);
    room.pending.add(message);
    schedule(room);
    return message.sequenced().future();
  }

  /** Counts a like towards the room's next batch, which carries one {@code likes} message per window. */
  void addLike(OwnedRoom room) {
    room.pendingLikes++;
    schedule(room);
  }

  /** Writes whatever the room has waiting now (its owner is handing it over). */
  void flushNow(OwnedRoom room) {
    flush(room, 0);
  }

  private void schedule(OwnedRoom room) {
    room.lastActiveMs = System.currentTimeMillis();
    if (room.writing) {
      return; // the batch in flight schedules the next one when it completes
    }
    if (room.pending.size() >= settings.batchMessages()) {
      flush(room, 0);
    } else if (room.flushTimer < 0) {
      room.flushTimer = vertx.setTimer(settings.batchMillis(), id -> {
        room.flushTimer = -1;
        flush(room, 0);
      });
    }
  }

  private void flush(OwnedRoom room, int conflicts) {
    if (room.writing) {
      return;
    }
    if (room.flushTimer >= 0) {
      vertx.cancelTimer(room.flushTimer);
      room.flushTimer = -1;
    }
    if (room.pending.isEmpty() && room.pendingLikes == 0) {
      return;
    }
    List<PendingMessage> batch = new ArrayList<>();
    while (!room.pending.isEmpty() && batch.size() < settings.batchMessages()) {
      batch.add(room.pending.poll());
    }
    long likes = room.pendingLikes;
    room.pendingLikes = 0;
    String epoch = room.epoch();
    long first = room.nextOffset();
    long at = System.currentTimeMillis();
    List<JsonObject> messages = new ArrayList<>(batch.size() + 1);
    List<Boolean> droppable = new ArrayList<>(batch.size() + 1);
    for (PendingMessage p : batch) {
      messages.add(new JsonObject().put("offset", first + messages.size()).mergeIn(p.content()).put("at", at));
      droppable.add(p.droppable());
    }
    if (likes > 0) {
      messages.add(new JsonObject().put("offset", first + messages.size()).put("kind", "likes")
          .put("count", likes).put("total", room.likesTotal() + likes).put("at", at));
      droppable.add(true);
    }
    List<String> encoded = messages.stream().map(JsonObject::encode).toList();
    room.writing = true;
    history.append(room.info.roomId(), epoch, first, encoded, likes)
        .compose(v -> archiveDanmaku(room, epoch, messages))
        .onComplete(written -> {
          if (written.succeeded()) {
            room.writing = false;
            room.advance(encoded.size(), likes);
            for (int i = 0; i < batch.size(); i++) {
              batch.get(i).sequenced().complete(new Sequenced(epoch, first + i));
            }
            broadcaster.batch(room.info.roomId(), epoch, first, encoded, droppable, room.subscribers.keySet());
            metrics.batchWritten(encoded.size());
            scheduleRest(room);
          } else if (written.cause() instanceof AppendConflict && conflicts < MAX_CONFLICTS) {
            LOG.info("room {}: {}; sequencing its batch again", room.info.roomId(), written.cause().getMessage());
            for (int i = batch.size() - 1; i >= 0; i--) {
              room.pending.addFirst(batch.get(i));
            }
            room.pendingLikes += likes;
            reloadThen(room, () -> flush(room, conflicts + 1));
          } else {
            LOG.warn("room {}: writing a batch failed: {}", room.info.roomId(), written.cause().toString());
            RoomError error = new RoomError("unavailable", "the room's history could not be written; retry");
            batch.forEach(p -> p.sequenced().fail(error));
            // The append may have happened anyway: continue from what the history says, never reuse an offset.
            reloadThen(room, () -> scheduleRest(room));
          }
        });
  }

  private Future<Void> archiveDanmaku(OwnedRoom room, String epoch, List<JsonObject> messages) {
    if (!room.info.vod()) {
      return Future.succeededFuture();
    }
    List<JsonObject> danmaku = messages.stream().filter(m -> "danmaku".equals(m.getString("kind"))).toList();
    // The history has them, so the senders are acknowledged even if the archive fails; replays then miss them.
    return archive.store(room.info.videoId(), epoch, danmaku).recover(e -> {
      LOG.warn("room {}: archiving {} danmaku failed: {}", room.info.roomId(), danmaku.size(), e.toString());
      metrics.archiveFailed(danmaku.size());
      return Future.succeededFuture();
    });
  }

  /** Keeps {@code writing} set while the room's state is reloaded, so no batch starts from a stale offset. */
  private void reloadThen(OwnedRoom room, Runnable next) {
    history.load(room.info.roomId()).onComplete(loaded -> {
      room.writing = false;
      if (loaded.succeeded()) {
        room.reload(loaded.result());
        next.run();
      } else {
        RoomError error = new RoomError("unavailable", "the room's history could not be read; retry");
        room.pending.forEach(p -> p.sequenced().fail(error));
        room.pending.clear();
        room.pendingLikes = 0;
        room.writing = true; // stays stale until a reload works
        vertx.setTimer(1000, id -> reloadThen(room, () -> scheduleRest(room)));
      }
    });
  }

  private void scheduleRest(OwnedRoom room) {
    if (!room.pending.isEmpty() || room.pendingLikes > 0) {
      schedule(room);
    }
  }
}
