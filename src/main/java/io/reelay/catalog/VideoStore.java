package io.reelay.catalog;

import io.reelay.media.MediaInfo;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code videos} table. Methods take the client to run on, so the same statement serves
 * alone (the pool) or inside a transaction (its connection).
 */
final class VideoStore {

  /** Every column of a {@link Video}, for queries over {@code videos v JOIN users u}. */
  static final String COLUMNS = "v.id, v.owner_id, u.username, v.title, v.description, v.tags, v.visibility, "
      + "v.status, v.failure_reason, v.duration_ms, v.width, v.height, v.size_bytes, v.content_hash, "
      + "v.created_at, v.updated_at, "
      + "(SELECT m.playback FROM media m WHERE m.content_hash = v.content_hash) AS playback, "
      + "(SELECT json_build_object('state', j.state, 'progress', j.progress, 'etaSeconds', j.eta_seconds, "
      + "'attempts', j.attempts, 'error', j.error) FROM transcode_jobs j WHERE j.content_hash = v.content_hash) AS transcode";
  private static final String WITH_OWNER = " FROM users u WHERE u.id = v.owner_id AND ";

  Future<Video> insert(SqlClient sql, String id, long ownerId, VideoDraft draft) {
    return sql.preparedQuery("WITH v AS (INSERT INTO videos (id, owner_id, title, description, tags, visibility, "
            + "status) VALUES ($1, $2, $3, $4, $5, $6, 'uploading') RETURNING *) "
            + "SELECT " + COLUMNS + " FROM v JOIN users u ON u.id = v.owner_id")
        .execute(Tuple.of(id, ownerId, draft.title(), draft.description(), draft.tags().toArray(String[]::new),
            draft.visibility().id()))
        .map(rows -> toVideo(rows.iterator().next()));
  }

  Future<Optional<Video>> find(SqlClient sql, String id) {
    return sql.preparedQuery("SELECT " + COLUMNS + " FROM videos v JOIN users u ON u.id = v.owner_id WHERE v.id = $1")
        .execute(Tuple.of(id))
        .map(VideoStore::first);
  }

  /** Changes only the fields the patch gives, in one statement. */
  Future<Optional<Video>> patch(SqlClient sql, String id, VideoPatch patch) {
    return sql.preparedQuery("UPDATE videos v SET title = COALESCE($2, v.title), "
            + "description = COALESCE($3, v.description), tags = COALESCE($4, v.tags), "
            + "visibility = COALESCE($5, v.visibility), updated_at = now()" + WITH_OWNER + "v.id = $1 "
            + "RETURNING " + COLUMNS)
        .execute(Tuple.of(id, patch.title(), patch.description(),
            patch.tags() == null ? null : patch.tags().toArray(String[]::new),
            patch.visibility() == null ? null : patch.visibility().id()))
        .map(VideoStore::first);
  }

  /**
   * Locks a video that is about to receive its bytes. Fails with 410 when it is gone (deleted while
   * uploading) and 409 when it already has content.
   */
  Future<Void> lockAwaitingContent(SqlClient sql, String id) {
    return sql.preparedQuery("SELECT status FROM videos WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ApiException(410, "gone", "video " + id + " was deleted"));
          }
          String status = rows.iterator().next().getString("status");
          return VideoStatus.UPLOADING.id().equals(status) ? Future.succeededFuture()
              : Future.failedFuture(new ApiException(409, "conflict", "video " + id + " is " + status
                  + ", not awaiting content"));
        });
  }

  /** Points a locked, uploading video at its stored bytes and copies what the probe already knows. */
  Future<Void> attach(SqlClient sql, String id, MediaStore.MediaRow media) {
    MediaInfo info = media.info();
    return sql.preparedQuery("UPDATE videos SET content_hash = $2, size_bytes = $3, duration_ms = $4, width = $5, "
            + "height = $6, status = 'processing', updated_at = now() WHERE id = $1 AND status = 'uploading'")
        .execute(Tuple.of(id, media.contentHash(), media.sizeBytes(), info == null ? null : info.durationMs(),
            info == null ? null : info.width(), info == null ? null : info.height()))
        .mapEmpty();
  }

  /** Probe results for every video of these bytes still being processed; their ids. */
  Future<List<String>> applyProbe(SqlClient sql, String contentHash, MediaInfo info) {
    return sql.preparedQuery("UPDATE videos SET duration_ms = $2, width = $3, height = $4, updated_at = now() "
            + "WHERE content_hash = $1 AND status = 'processing' RETURNING id")
        .execute(Tuple.of(contentHash, info.durationMs(), info.width(), info.height()))
        .map(VideoStore::ids);
  }

  /** Every video of these bytes still processing becomes ready; their ids. */
  Future<List<String>> readyContent(SqlClient sql, String contentHash) {
    return sql.preparedQuery("UPDATE videos SET status = 'ready', failure_reason = NULL, updated_at = now() "
            + "WHERE content_hash = $1 AND status = 'processing' RETURNING id")
        .execute(Tuple.of(contentHash))
        .map(VideoStore::ids);
  }

  /** The failed videos of these bytes are processing again; their ids. */
  Future<List<String>> reprocessContent(SqlClient sql, String contentHash) {
    return sql.preparedQuery("UPDATE videos SET status = 'processing', failure_reason = NULL, updated_at = now() "
            + "WHERE content_hash = $1 AND status = 'failed' RETURNING id")
        .execute(Tuple.of(contentHash))
        .map(VideoStore::ids);
  }

  /** The ids of the videos of these bytes. */
  Future<List<String>> idsOfContent(SqlClient sql, String contentHash) {
    return sql.preparedQuery("SELECT id FROM videos WHERE content_hash = $1")
        .execute(Tuple.of(contentHash))
        .map(VideoStore::ids);
  }

  /** Fails every video of these bytes not failed already; their ids. */
  Future<List<String>> failContent(SqlClient sql, String contentHash, String reason) {
    return sql.preparedQuery("UPDATE videos SET status = 'failed', failure_reason = $2, updated_at = now() "
            + "WHERE content_hash = $1 AND status <> 'failed' RETURNING id")
        .execute(Tuple.of(contentHash, reason))
        .map(VideoStore::ids);
  }

  /**
   * Sets the status (and reason, for failures) of one video, only from status {@code from} when
   * given; false when no video matched.
   */
  Future<Boolean> setStatus(SqlClient sql, String id, VideoStatus to, String reason, VideoStatus from) {
    return sql.preparedQuery("UPDATE videos SET status = $2, failure_reason = $3, updated_at = now() "
            + "WHERE id = $1 AND ($4::text IS NULL OR status = $4::text)")
        .execute(Tuple.of(id, to.id(), reason, from == null ? null : from.id()))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Locks a video for deletion; its content hash (null before its bytes arrived). 404 when missing. */
  Future<String> lockForDelete(SqlClient sql, String id) {
    return sql.preparedQuery("SELECT content_hash FROM videos WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(CatalogService.notFound(id))
            : Future.succeededFuture(rows.iterator().next().getString("content_hash")));
  }

  /** Deletes a locked video, terminating its unfinished uploads first (the upload sweeper removes their files). */
  Future<Void> delete(SqlClient sql, String id) {
    return sql.preparedQuery("UPDATE uploads SET state = 'terminated', updated_at = now() "
            + "WHERE video_id = $1 AND state = 'active'")
        .execute(Tuple.of(id))
        .compose(v -> sql.preparedQuery("DELETE FROM videos WHERE id = $1").execute(Tuple.of(id)))
        .mapEmpty();
  }

  Future<Long> storedBytes(SqlClient sql, long ownerId) {
    return sql.preparedQuery("SELECT COALESCE(SUM(size_bytes), 0) AS total FROM videos WHERE owner_id = $1")
        .execute(Tuple.of(ownerId))
        .map(rows -> rows.iterator().next().getLong("total"));
  }

  static Video toVideo(Row row) {
    return new Video(row.getString("id"), row.getLong("owner_id"), row.getString("username"),
        row.getString("title"), row.getString("description"), List.of(row.getArrayOfStrings("tags")),
        Visibility.fromId(row.getString("visibility")), VideoStatus.fromId(row.getString("status")),
        row.getString("failure_reason"), row.getLong("duration_ms"), row.getInteger("width"),
        row.getInteger("height"), row.getLong("size_bytes"), row.getString("content_hash"),
        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant(),
        row.getJsonObject("playback"), row.getJsonObject("transcode"));
  }

  private static Optional<Video> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toVideo(rows.iterator().next()));
  }

  private static List<String> ids(RowSet<Row> rows) {
    List<String> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getString("id")));
    return ids;
  }
}
