package io.reelay.room;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Video rooms' danmaku in PostgreSQL, by video time (table {@code danmaku}). */
final class DanmakuArchive {

  static final int MAX_PAGE = 5000;

  private final Pool pg;

  DanmakuArchive(Pool pg) {
    this.pg = pg;
  }

  /** Stores sequenced danmaku messages (as broadcast: offset, user, text, color, mode, videoTime, at). */
  Future<Void> store(String videoId, String epoch, List<JsonObject> danmaku) {
    if (danmaku.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>(danmaku.size());
    for (JsonObject m : danmaku) {
      JsonObject user = m.getJsonObject("user");
      rows.add(Tuple.of(videoId, epoch, m.getLong("offset"), user.getLong("id"), user.getString("name"),
              m.getString("text"), m.getString("color"), m.getString("mode"))
          .addLong(Math.round(m.getDouble("videoTime", 0.0) * 1000))
          .addOffsetDateTime(OffsetDateTime.ofInstant(Instant.ofEpochMilli(m.getLong("at")), ZoneOffset.UTC)));
    }
    return pg.preparedQuery("INSERT INTO danmaku (video_id, epoch, room_offset, user_id, username, text, color, mode, "
            + "video_time_ms, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING")
        .executeBatch(rows)
        .mapEmpty();
  }

  Future<Void> markDeleted(String videoId, String epoch, long offset) {
    return pg.preparedQuery("UPDATE danmaku SET deleted = true WHERE video_id = $1 AND epoch = $2 AND room_offset = $3")
        .execute(Tuple.of(videoId, epoch, offset))
        .mapEmpty();
  }

  /** Danmaku shown between the two video times (ms, inclusive), in video-time order, at most {@code limit}. */
  Future<List<JsonObject>> between(String videoId, long fromMs, long toMs, int limit) {
    return pg.preparedQuery("SELECT room_offset, user_id, username, text, color, mode, video_time_ms, sent_at "
            + "FROM danmaku WHERE video_id = $1 AND video_time_ms BETWEEN $2 AND $3 AND NOT deleted "
            + "ORDER BY video_time_ms, sent_at, room_offset LIMIT $4")
        .execute(Tuple.of(videoId, fromMs, toMs, limit))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>(rows.size());
          for (Row row : rows) {
            out.add(new JsonObject()
                .put("offset", row.getLong("room_offset"))
                .put("user", new JsonObject().put("id", row.getLong("user_id")).put("name", row.getString("username")))
                .put("text", row.getString("text"))
                .put("color", row.getString("color"))
                .put("mode", row.getString("mode"))
                .put("videoTime", row.getLong("video_time_ms") / 1000.0)
                .put("at", row.getOffsetDateTime("sent_at").toInstant().toEpochMilli()));
          }
          return out;
        });
  }
}
