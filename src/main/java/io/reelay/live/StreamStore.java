package io.reelay.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Live streams and their sessions in PostgreSQL. */
final class StreamStore {

  private static final String COLUMNS = "id, owner_id, title, key_hash IS NOT NULL AS has_key, created_at";

  private final Pool pg;

  StreamStore(Pool pg) {
    this.pg = pg;
  }

  Future<LiveStream> create(String id, long ownerId, String title, String keyHash) {
    return pg.preparedQuery("INSERT INTO live_streams (id, owner_id, title, key_hash) VALUES ($1, $2, $3, $4) "
            + "RETURNING " + COLUMNS)
        .execute(Tuple.of(id, ownerId, title, keyHash))
        .map(rows -> stream(rows.iterator().next()));
  }

  Future<Optional<LiveStream>> find(String id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM live_streams WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(stream(rows.iterator().next())));
  }

  Future<Optional<LiveStream>> findByKeyHash(String keyHash) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM live_streams WHERE key_hash = $1")
        .execute(Tuple.of(keyHash))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(stream(rows.iterator().next())));
  }

  /** Sets a new key hash (rotate) or none (revoke); empty if there is no such stream. */
  Future<Optional<LiveStream>> replaceKey(String id, String keyHashOrNull) {
    return pg.preparedQuery("UPDATE live_streams SET key_hash = $2 WHERE id = $1 RETURNING " + COLUMNS)
        .execute(Tuple.of(id, keyHashOrNull))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(stream(rows.iterator().next())));
  }

  Future<Void> sessionStarted(String sessionId, String streamId, String nodeId, String protocol) {
    return pg.preparedQuery("INSERT INTO live_sessions (id, stream_id, node_id, protocol) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(sessionId, streamId, nodeId, protocol))
        .mapEmpty();
  }

  Future<Void> sessionEnded(String sessionId, String recordingVideoIdOrNull) {
    return pg.preparedQuery("UPDATE live_sessions SET ended_at = now(), recording_video_id = $2 WHERE id = $1")
        .execute(Tuple.of(sessionId, recordingVideoIdOrNull))
        .mapEmpty();
  }

  /** The stream's latest broadcasts, newest first: {@code [{id, startedAt, endedAt, recordingVideoId}]}. */
  Future<JsonArray> recentSessions(String streamId, int limit) {
    return pg.preparedQuery("SELECT id, started_at, ended_at, recording_video_id FROM live_sessions WHERE stream_id = $1 "
            + "ORDER BY started_at DESC LIMIT $2")
        .execute(Tuple.of(streamId, limit))
        .map(rows -> {
          JsonArray sessions = new JsonArray();
          for (Row row : rows) {
            OffsetDateTime ended = row.getOffsetDateTime("ended_at");
            sessions.add(new JsonObject()
                .put("id", row.getString("id"))
                .put("startedAt", row.getOffsetDateTime("started_at").toInstant().toString())
                .put("endedAt", ended == null ? null : ended.toInstant().toString())
                .put("recordingVideoId", row.getString("recording_video_id")));
          }
          return sessions;
        });
  }

  private static LiveStream stream(Row row) {
    OffsetDateTime created = row.getOffsetDateTime("created_at");
    return new LiveStream(row.getString("id"), row.getLong("owner_id"), row.getString("title"),
        row.getBoolean("has_key"), created.toInstant());
  }
}
