package io.reelay.recommend.state;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Copies the recommendation state ({@code rec:*} but the dedup markers) from Redis to PostgreSQL and back.
 * A snapshot walks the keys with SCAN in batches of {@value #BATCH}: one DUMP pipeline and one multi-row insert
 * per batch, so memory stays bounded whatever the state's size. It is fuzzy, not a point in time: keys are copied
 * while events keep coming, each key as it was when read — for decayed scores and capped lists that is as good.
 * Restoring writes the keys back with RESTORE … REPLACE, batch by batch. DUMP's format belongs to Redis: a
 * snapshot restores into the same Redis version or a newer one.
 *
 * <p>One node at a time snapshots or restores: a Redis lock ({@value #LOCK}, expiring) decides.
 */
public final class StateSnapshots {

  /** Counts of one snapshot or restore; {@code skipped} when another node held the lock (or nothing to do). */
  public record Outcome(long snapshotId, int keys, long bytes, boolean skipped) {
    static final Outcome SKIPPED = new Outcome(0, 0, 0, true);
  }

  static final int BATCH = 500;
  static final String LOCK = "recsnap:lock";
  private static final String MATCH = "rec:*";
  /** Dedup markers of builds before the write log (they expire in minutes; a restored copy would not). */
  private static final String SEEN = "rec:seen:";
  private static final int LOCK_SECONDS = 600;

  private final Redis redis;
  private final Pool pg;

  public StateSnapshots(Redis redis, Pool pg) {
    this.redis = redis;
    this.pg = pg;
  }

  /** Copies the state to a new snapshot, then drops the older ones. */
  public Future<Outcome> snapshot() {
    return locked(() -> pg.query("INSERT INTO rec_snapshots DEFAULT VALUES RETURNING id").execute()
        .compose(rows -> {
          long id = rows.iterator().next().getLong(0);
          return copy(id, "0", new Outcome(id, 0, 0, false));
        })
        .compose(done -> pg.preparedQuery(
                "UPDATE rec_snapshots SET finished_at = now(), keys = $2, bytes = $3 WHERE id = $1")
            .execute(Tuple.of(done.snapshotId(), done.keys(), done.bytes()))
            .compose(v -> pg.preparedQuery("DELETE FROM rec_snapshots WHERE id < $1")
                .execute(Tuple.of(done.snapshotId())))
            .map(done)));
  }

  private Future<Outcome> copy(long id, String cursor, Outcome sofar) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(MATCH).arg("COUNT").arg(BATCH))
        .compose(reply -> {
          String next = reply.get(0).toString();
          List<String> keys = new ArrayList<>();
          for (Response k : reply.get(1)) {
            if (!k.toString().startsWith(SEEN)) {
              keys.add(k.toString());
            }
          }
          return dumpAndStore(id, keys, sofar).compose(total ->
              next.equals("0") ? Future.succeededFuture(total) : copy(id, next, total));
        });
  }

  private Future<Outcome> dumpAndStore(long id, List<String> keys, Outcome sofar) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(sofar);
    }
    List<Request> dumps = keys.stream().map(k -> Request.cmd(Command.DUMP).arg(k)).toList();
    return redis.batch(dumps).compose(values -> {
      List<Tuple> rows = new ArrayList<>(keys.size());
      long bytes = 0;
      for (int i = 0; i < keys.size(); i++) {
        Response v = values.get(i);
        if (v != null) { // null: the key expired or went meanwhile
          byte[] dump = v.toBytes();
          bytes += dump.length;
          rows.add(Tuple.of(id, keys.get(i), Buffer.buffer(dump)));
        }
      }
      if (rows.isEmpty()) {
        return Future.succeededFuture(sofar);
      }
      long added = bytes;
      // SCAN may return a key twice.
      return pg.preparedQuery("INSERT INTO rec_snapshot_keys (snapshot_id, key, value) VALUES ($1, $2, $3) "
              + "ON CONFLICT DO NOTHING")
          .executeBatch(rows)
          .map(v -> new Outcome(id, sofar.keys() + rows.size(), sofar.bytes() + added, false));
    });
  }

  /**
   * Restores the newest finished snapshot when Redis holds no recommendation state (neither popularity nor
   * trending: every watched event writes both). Skipped otherwise, or without a snapshot.
   */
  public Future<Outcome> restoreIfEmpty() {
    return redis.send(Request.cmd(Command.EXISTS).arg("rec:popular").arg("rec:trending")).compose(n ->
        n.toLong() > 0 ? Future.succeededFuture(Outcome.SKIPPED) : locked(this::restoreNewest));
  }

  private Future<Outcome> restoreNewest() {
    return pg.query("SELECT id FROM rec_snapshots WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1")
        .execute()
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Outcome.SKIPPED)
            : restore(rows.iterator().next().getLong(0), "", new Outcome(rows.iterator().next().getLong(0), 0, 0,
                false)));
  }

  private Future<Outcome> restore(long id, String after, Outcome sofar) {
    return pg.preparedQuery("SELECT key, value FROM rec_snapshot_keys WHERE snapshot_id = $1 AND key > $2 "
            + "ORDER BY key LIMIT " + BATCH)
        .execute(Tuple.of(id, after))
        .compose((RowSet<Row> rows) -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(sofar);
          }
          List<Request> restores = new ArrayList<>(rows.size());
          String last = after;
          long bytes = 0;
          for (Row row : rows) {
            Buffer value = row.getBuffer("value");
            last = row.getString("key");
            bytes += value.length();
            restores.add(Request.cmd(Command.RESTORE).arg(last).arg(0).arg(value).arg("REPLACE"));
          }
          Outcome total = new Outcome(id, sofar.keys() + rows.size(), sofar.bytes() + bytes, false);
          String from = last;
          return redis.batch(restores).compose(v -> rows.size() < BATCH ? Future.succeededFuture(total)
              : restore(id, from, total));
        });
  }

  /** Runs {@code work} holding the snapshot lock, or skips it when another node holds it. */
  private Future<Outcome> locked(java.util.function.Supplier<Future<Outcome>> work) {
    String token = UUID.randomUUID().toString();
    return redis.send(Request.cmd(Command.SET).arg(LOCK).arg(token).arg("NX").arg("EX").arg(LOCK_SECONDS))
        .compose(r -> r == null ? Future.succeededFuture(Outcome.SKIPPED)
            : work.get().eventually(() -> release(token)));
  }

  /** Deletes the lock if it is still ours (it may have expired and been taken). */
  private Future<Void> release(String token) {
    return redis.send(Request.cmd(Command.EVAL)
            .arg("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0")
            .arg(1).arg(LOCK).arg(token))
        .<Void>mapEmpty().otherwise((Void) null);
  }
}
