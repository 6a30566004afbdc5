package io.reelay.transcode;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code transcode_jobs} table. A running job carries the node running it and a heartbeat; a job whose
 * heartbeat went stale (its node died) may be claimed again by the key's new owner.
 */
final class JobStore {

  private static final String COLUMNS = "content_hash, video_id, state, attempts, error";

  private final Pool pg;

  JobStore(Pool pg) {
    this.pg = pg;
  }

  /** Creates the content's job (queued); false if it already has one. */
  Future<Boolean> create(String contentHash, String videoId) {
    return pg.preparedQuery("INSERT INTO transcode_jobs (content_hash, video_id, state) VALUES ($1, $2, 'queued') "
            + "ON CONFLICT (content_hash) DO NOTHING")
        .execute(Tuple.of(contentHash, videoId)).map(rows -> rows.rowCount() == 1);
  }

  Future<Optional<TranscodeJob>> find(String contentHash) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM transcode_jobs WHERE content_hash = $1")
        .execute(Tuple.of(contentHash)).map(JobStore::first);
  }

  /** Takes a queued job (or a running one whose node stopped sending heartbeats) for this node. */
  Future<Optional<TranscodeJob>> claim(String contentHash, String nodeId, int staleSeconds) {
    return pg.preparedQuery("UPDATE transcode_jobs SET state = 'running', node_id = $2, attempts = attempts + 1, "
            + "progress = 0, eta_seconds = NULL, started_at = now(), heartbeat_at = now(), updated_at = now() "
            + "WHERE content_hash = $1 AND (state = 'queued' "
            + "OR (state = 'running' AND heartbeat_at < now() - make_interval(secs => $3))) RETURNING " + COLUMNS)
        .execute(Tuple.of(contentHash, nodeId, staleSeconds)).map(JobStore::first);
  }

  Future<Void> heartbeat(String contentHash, String nodeId, double progress, Integer etaSeconds) {
    return pg.preparedQuery("UPDATE transcode_jobs SET progress = $3, eta_seconds = $4, heartbeat_at = now(), "
            + "updated_at = now() WHERE content_hash = $1 AND node_id = $2 AND state = 'running'")
        .execute(Tuple.of(contentHash, nodeId, progress, etaSeconds)).mapEmpty();
  }

  Future<Boolean> done(String contentHash, String nodeId) {
    return pg.preparedQuery("UPDATE transcode_jobs SET state = 'done', progress = 1, eta_seconds = 0, error = NULL, "
            + "finished_at = now(), updated_at = now() WHERE content_hash = $1 AND node_id = $2 AND state = 'running'")
        .execute(Tuple.of(contentHash, nodeId)).map(rows -> rows.rowCount() == 1);
  }

  /** Records a failure: queued again while attempts remain and {@code retry}, failed otherwise. */
  Future<Optional<TranscodeJob>> failed(String contentHash, String nodeId, String error, boolean retry, int maxAttempts) {
    return pg.preparedQuery("UPDATE transcode_jobs SET error = $3, node_id = NULL, heartbeat_at = NULL, "
            + "state = CASE WHEN $4 AND attempts < $5 THEN 'queued' ELSE 'failed' END, "
            + "finished_at = CASE WHEN $4 AND attempts < $5 THEN NULL ELSE now() END, updated_at = now() "
            + "WHERE content_hash = $1 AND node_id = $2 AND state = 'running' RETURNING " + COLUMNS)
        .execute(Tuple.of(contentHash, nodeId, error, retry, maxAttempts)).map(JobStore::first);
  }

  /** A stopping node hands its running jobs back (not counted as an attempt). */
  Future<Void> release(String contentHash, String nodeId) {
    return pg.preparedQuery("UPDATE transcode_jobs SET state = 'queued', attempts = GREATEST(attempts - 1, 0), "
            + "node_id = NULL, heartbeat_at = NULL, updated_at = now() "
            + "WHERE content_hash = $1 AND node_id = $2 AND state = 'running'")
        .execute(Tuple.of(contentHash, nodeId)).mapEmpty();
  }

  /** Jobs waiting for a node: queued, or running on a node whose heartbeat went stale. */
  Future<List<TranscodeJob>> waiting(int staleSeconds, int limit) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM transcode_jobs WHERE state = 'queued' "
            + "OR (state = 'running' AND heartbeat_at < now() - make_interval(secs => $1)) LIMIT $2")
        .execute(Tuple.of(staleSeconds, limit)).map(JobStore::all);
  }

  /** An admin's requeue: any job not running starts over. */
  Future<Optional<TranscodeJob>> requeue(String contentHash) {
    return pg.preparedQuery("UPDATE transcode_jobs SET state = 'queued', attempts = 0, error = NULL, progress = 0, "
            + "eta_seconds = NULL, finished_at = NULL, updated_at = now() "
            + "WHERE content_hash = $1 AND state <> 'running' RETURNING " + COLUMNS)
        .execute(Tuple.of(contentHash)).map(JobStore::first);
  }

  /** Videos whose content is probed and waiting for a transcode that has no job (their event was lost). */
  Future<List<String[]>> orphanedContent(int olderThanSeconds, int limit) {
    return pg.preparedQuery("SELECT DISTINCT ON (v.content_hash) v.content_hash, v.id FROM videos v "
            + "JOIN media m ON m.content_hash = v.content_hash "
            + "WHERE v.status = 'processing' AND m.probed_at IS NOT NULL "
            + "AND m.probed_at < now() - make_interval(secs => $1) "
            + "AND NOT EXISTS (SELECT 1 FROM transcode_jobs j WHERE j.content_hash = v.content_hash) "
            + "ORDER BY v.content_hash, v.created_at LIMIT $2")
        .execute(Tuple.of(olderThanSeconds, limit)).map(rows -> {
          List<String[]> found = new ArrayList<>();
          rows.forEach(r -> found.add(new String[] {r.getString("content_hash"), r.getString("id")}));
          return found;
        });
  }

  private static Optional<TranscodeJob> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toJob(rows.iterator().next()));
  }

  private static List<TranscodeJob> all(RowSet<Row> rows) {
    List<TranscodeJob> jobs = new ArrayList<>();
    rows.forEach(r -> jobs.add(toJob(r)));
    return jobs;
  }

  private static TranscodeJob toJob(Row r) {
    return new TranscodeJob(r.getString("content_hash"), r.getString("video_id"),
        TranscodeJob.State.fromId(r.getString("state")), r.getInteger("attempts"), r.getString("error"));
  }
}
