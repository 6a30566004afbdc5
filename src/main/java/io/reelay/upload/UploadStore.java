package io.reelay.upload;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code uploads} table. Progress updates are conditional on the offset they start from. */
final class UploadStore {

  private static final String COLUMNS =
      "id, owner_id, video_id, concat, parts, length, upload_offset, metadata, state, expires_at";

  private final Pool pg;

  UploadStore(Pool pg) {
    this.pg = pg;
  }

  Future<Void> insert(Upload u) {
    return pg.preparedQuery("INSERT INTO uploads (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .execute(Tuple.from(new Object[] {u.id(), u.ownerId(), u.videoId(), u.concat().kind().id(),
            u.concat().kind() == UploadConcat.Kind.FINAL ? u.concat().partIds().toArray(String[]::new) : null,
            u.length(), u.offset(), u.metadata(), u.state().id(), u.expiresAt().atOffset(ZoneOffset.UTC)}))
        .mapEmpty();
  }

  Future<Optional<Upload>> find(String id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM uploads WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toUpload(rows.iterator().next())));
  }

  Future<List<Upload>> findAll(List<String> ids) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM uploads WHERE id = ANY($1)")
        .execute(Tuple.of(ids.toArray(String[]::new)))
        .map(UploadStore::toUploads);
  }

  /** Moves the acknowledged offset from {@code from} to {@code to}; false if the row was not at {@code from}. */
  Future<Boolean> advance(String id, long from, long to, Long length, Instant expiresAt) {
    return pg.preparedQuery("UPDATE uploads SET upload_offset = $3, length = $4, expires_at = $5, updated_at = now() "
            + "WHERE id = $1 AND upload_offset = $2 AND state = 'active'")
        .execute(Tuple.of(id, from, to, length, expiresAt.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Void> setLength(String id, long length) {
    return pg.preparedQuery("UPDATE uploads SET length = $2, updated_at = now() WHERE id = $1 AND length IS NULL")
        .execute(Tuple.of(id, length)).mapEmpty();
  }

  Future<Void> markCompleted(String id) {
    return pg.preparedQuery("UPDATE uploads SET state = 'completed', updated_at = now() WHERE id = $1 AND state = 'active'")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /** Terminated uploads' files are removed at once by the caller, hence files_removed. */
  Future<Boolean> terminate(String id) {
    return pg.preparedQuery("UPDATE uploads SET state = 'terminated', files_removed = true, updated_at = now() "
            + "WHERE id = $1 AND state IN ('active', 'completed')")
        .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  /** Marks active uploads past their expiry as expired; returns them. */
  Future<List<Upload>> expireDue(int limit) {
    return pg.preparedQuery("UPDATE uploads SET state = 'expired', updated_at = now() WHERE id IN ("
            + "SELECT id FROM uploads WHERE state = 'active' AND expires_at < now() LIMIT $1 FOR UPDATE SKIP LOCKED) "
            + "RETURNING " + COLUMNS)
        .execute(Tuple.of(limit)).map(UploadStore::toUploads);
  }

  /** Terminated or expired uploads (e.g. of deleted videos) whose files may still be on disk. */
  Future<List<String>> unreclaimed(int limit) {
    return pg.preparedQuery("SELECT id FROM uploads WHERE state IN ('terminated', 'expired') AND NOT files_removed LIMIT $1")
        .execute(Tuple.of(limit)).map(UploadStore::ids);
  }

  Future<Void> markFilesRemoved(List<String> ids) {
    return pg.preparedQuery("UPDATE uploads SET files_removed = true WHERE id = ANY($1)")
        .execute(Tuple.of(ids.toArray(String[]::new))).mapEmpty();
  }

  /** Active uploads with every byte in but not completed: a node stopped between the last PATCH and completion. */
  Future<List<Upload>> stalledCompletions(int olderThanSeconds, int limit) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM uploads WHERE state = 'active' AND concat <> 'partial' "
            + "AND length IS NOT NULL AND upload_offset = length AND updated_at < now() - make_interval(secs => $1) LIMIT $2")
        .execute(Tuple.of(olderThanSeconds, limit)).map(UploadStore::toUploads);
  }

  /** Final concatenations not assembled yet (a stopped node may have interrupted an assembly). */
  Future<List<String>> pendingFinals(int olderThanSeconds, int limit) {
    return pg.preparedQuery("SELECT id FROM uploads WHERE concat = 'final' AND state = 'active' AND upload_offset = 0 "
            + "AND created_at < now() - make_interval(secs => $1) LIMIT $2")
        .execute(Tuple.of(olderThanSeconds, limit)).map(UploadStore::ids);
  }

  /** Bytes the user has reserved in unfinished uploads (a final concatenation reserves nothing beyond its parts). */
  Future<Long> bytesInFlight(long ownerId) {
    return pg.preparedQuery("SELECT COALESCE(SUM(COALESCE(length, upload_offset)), 0) AS n FROM uploads "
            + "WHERE owner_id = $1 AND state = 'active' AND concat <> 'final'")
        .execute(Tuple.of(ownerId)).map(rows -> rows.iterator().next().getLong("n"));
  }

  /** Unfinished final concatenations that list the partial upload. */
  Future<List<String>> finalsContaining(String partId) {
    return pg.preparedQuery("SELECT id FROM uploads WHERE concat = 'final' AND state = 'active' AND $1 = ANY(parts)")
        .execute(Tuple.of(partId)).map(UploadStore::ids);
  }

  private static List<String> ids(RowSet<Row> rows) {
    List<String> ids = new ArrayList<>();
    rows.forEach(r -> ids.add(r.getString("id")));
    return ids;
  }

  private static List<Upload> toUploads(RowSet<Row> rows) {
    List<Upload> uploads = new ArrayList<>();
    rows.forEach(r -> uploads.add(toUpload(r)));
    return uploads;
  }

  private static Upload toUpload(Row r) {
    UploadConcat.Kind kind = UploadConcat.Kind.fromId(r.getString("concat"));
    String[] parts = r.getArrayOfStrings("parts");
    return new Upload(r.getString("id"), r.getLong("owner_id"), r.getString("video_id"),
        new UploadConcat(kind, parts == null ? List.of() : List.of(parts)), r.getLong("length"),
        r.getLong("upload_offset"), r.getString("metadata"), UploadState.fromId(r.getString("state")),
        r.getOffsetDateTime("expires_at").toInstant());
  }
}
