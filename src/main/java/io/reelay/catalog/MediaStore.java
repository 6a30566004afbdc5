package io.reelay.catalog;

import io.reelay.media.MediaInfo;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The {@code media} table: one row per distinct content, its directory and its probe results. */
final class MediaStore {

  /** @param created this call inserted the row (rather than finding the content already stored) */
  record MediaRow(String contentHash, String path, long sizeBytes, MediaInfo info, boolean created) {}

  private static final String COLUMNS = "content_hash, path, size_bytes, container, duration_ms, width, height, "
      + "video_codec, audio_codec, probed_at";

  /**
   * Inserts the row, or returns the existing one for these bytes, locked either way until the
   * transaction ends. The no-op update is what locks an existing row (and makes RETURNING give it);
   * if a concurrent delete removes that row first, PostgreSQL retries the insert.
   */
  Future<MediaRow> insertOrLock(SqlClient sql, String contentHash, long sizeBytes) {
    String path = MediaFiles.newPath(contentHash);
    return sql.preparedQuery("INSERT INTO media (content_hash, path, size_bytes) VALUES ($1, $2, $3) "
            + "ON CONFLICT (content_hash) DO UPDATE SET size_bytes = media.size_bytes RETURNING " + COLUMNS)
        .execute(Tuple.of(contentHash, path, sizeBytes))
        .map(rows -> toMedia(rows.iterator().next(), path));
  }

  /** Locks the row (if any) against attaches of the same bytes until the transaction ends. */
  Future<Void> lock(SqlClient sql, String contentHash) {
    return sql.preparedQuery("SELECT 1 FROM media WHERE content_hash = $1 FOR UPDATE")
        .execute(Tuple.of(contentHash))
        .mapEmpty();
  }

  Future<Void> recordProbe(SqlClient sql, String contentHash, MediaInfo info) {
    return sql.preparedQuery("UPDATE media SET container = $2, duration_ms = $3, width = $4, height = $5, "
            + "video_codec = $6, audio_codec = $7, probed_at = now() WHERE content_hash = $1")
        .execute(Tuple.of(contentHash, info.container(), info.durationMs(), info.width(), info.height(),
            info.videoCodec(), info.audioCodec()))
        .mapEmpty();
  }

  /** Stored content never probed (its probe was lost with a node), older than the given age. */
  Future<List<MediaRow>> unprobed(SqlClient sql, int olderThanSeconds, int limit) {
    return sql.preparedQuery("SELECT " + COLUMNS + " FROM media WHERE probed_at IS NULL "
            + "AND created_at < now() - make_interval(secs => $1) LIMIT $2")
        .execute(Tuple.of(olderThanSeconds, limit))
        .map(rows -> {
          List<MediaRow> found = new ArrayList<>();
          rows.forEach(row -> found.add(toMedia(row, null)));
          return found;
        });
  }

  Future<String> recordPlayback(SqlClient sql, String contentHash, io.vertx.core.json.JsonObject playback) {
    return sql.preparedQuery("UPDATE media SET playback = COALESCE($2, playback) WHERE content_hash = $1")
        .execute(Tuple.of(contentHash, playback))
        .map((String) null);
  }

  /** Where the content is stored, or null when it is not (any more). */
  Future<String> pathOf(SqlClient sql, String contentHash) {
    return sql.preparedQuery("SELECT path FROM media WHERE content_hash = $1")
        .execute(Tuple.of(contentHash))
        .map(MediaStore::pathOrNull);
  }

  /** Deletes the row; its path, or null when there was none. */
  Future<String> delete(SqlClient sql, String contentHash) {
    return sql.preparedQuery("DELETE FROM media WHERE content_hash = $1 RETURNING path")
        .execute(Tuple.of(contentHash))
        .map(MediaStore::pathOrNull);
  }

  /**
   * Deletes the row when no video uses the bytes any more; its path, or null when kept. Call with
   * the row locked ({@link #lock}) in an earlier statement, so the check sees every attach that
   * committed before the lock was granted.
   */
  Future<String> deleteIfUnused(SqlClient sql, String contentHash) {
    return sql.preparedQuery("DELETE FROM media WHERE content_hash = $1 "
            + "AND NOT EXISTS (SELECT 1 FROM videos WHERE content_hash = $1) RETURNING path")
        .execute(Tuple.of(contentHash))
        .map(MediaStore::pathOrNull);
  }

  private static String pathOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next().getString("path");
  }

  private static MediaRow toMedia(Row row, String insertedPath) {
    String path = row.getString("path");
    // Frame rate and bit rate have no columns, so a stored probe gives them as unknown.
    MediaInfo info = row.getValue("probed_at") == null ? null : new MediaInfo(row.getString("container"),
        row.getLong("duration_ms"), row.getInteger("width"), row.getInteger("height"), null,
        row.getString("video_codec"), row.getString("audio_codec"), 0);
    return new MediaRow(row.getString("content_hash"), path, row.getLong("size_bytes"), info,
        path.equals(insertedPath));
  }
}
