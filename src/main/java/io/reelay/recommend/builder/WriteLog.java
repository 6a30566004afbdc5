package io.reelay.recommend.builder;

import io.reelay.recommend.model.Write;
import io.reelay.recommend.state.RedisProfileStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a batch's state writes all or nothing without holding Redis for the whole batch. A batch is first
 * <em>logged</em>: one script checks that each of its partitions' watermarks (the offset up to which the partition's
 * records are applied) is still what this consumer last wrote — else another consumer took the partition over and
 * nothing is logged ("fenced") —, moves them past the batch, appends the batch's event-id hashes to the dedup
 * window, and stores the batch's writes, in chunks, in this consumer's log hash. Then each chunk is applied in a
 * {@code MULTI} with the {@code HDEL} of its log entry, so a chunk is applied exactly once however often it is
 * replayed, and Redis is held for one chunk at a time (≤ {@link #MAX_CHUNK} commands, a few milliseconds), not the
 * batch. A consumer that dies with chunks in its log stops refreshing its alive key; another consumer then claims
 * the log and applies what is left ({@link #recoverOrphans}). Keys live under {@code recb:}, outside the {@code rec:*}
 * state that snapshots copy.
 */
final class WriteLog {

  /** Write commands per chunk; with MULTI, HDEL and EXEC a pipeline stays under the client's 1,024 waiting replies. */
  static final int MAX_CHUNK = 480;
  static final String LOGS = "recb:logs";

  /**
   * KEYS: log hash, logs set, alive key, n watermarks, n window buckets. ARGV: n, consumer id, alive ms, window
   * bucket ttl ms, n expected watermarks ("" for none), n new watermarks, n hash blobs, then log field/blob pairs.
   * Returns the 1-based indexes of the fenced partitions (empty: logged).
   */
  private static final String LOG_SCRIPT = """
      local n = tonumber(ARGV[1])
      local fenced = {}
      for i = 1, n do
        local current = redis.call('GET', KEYS[3 + i]) or ''
        if current ~= ARGV[4 + i] then fenced[#fenced + 1] = i end
      end
      if #fenced > 0 then return fenced end
      for i = 1, n do
        redis.call('SET', KEYS[3 + i], ARGV[4 + n + i])
        local hashes = ARGV[4 + 2 * n + i]
        if #hashes > 0 then
          redis.call('APPEND', KEYS[3 + n + i], hashes)
          redis.call('PEXPIRE', KEYS[3 + n + i], ARGV[4])
        end
      end
      local first = 5 + 3 * n
      if #ARGV >= first then
        redis.call('HSET', KEYS[1], unpack(ARGV, first))
        redis.call('SADD', KEYS[2], ARGV[2])
        redis.call('SET', KEYS[3], '1', 'PX', ARGV[3])
      end
      return fenced
      """;

  /**
   * One partition's part of a batch.
   *
   * @param expected the watermark as this consumer last saw it ("" for none)
   * @param next     the partition's next offset to apply once the batch is logged
   */
  record PartitionEntry(String watermarkKey, String expected, long next, String windowKey, byte[] hashes) {}

  /**
   * A stored watermark: the next offset to apply and the consumer that wrote it, whose log must be empty before
   * another consumer works out the partition's next writes (they read histories that log may still change).
   */
  record Watermark(long next, String writer) {
    static Watermark parse(String stored) {
      int space = stored.indexOf(' ');
      return space < 0 ? new Watermark(Long.parseLong(stored), "")
          : new Watermark(Long.parseLong(stored.substring(0, space)), stored.substring(space + 1));
    }

    String stored() {
      return next + " " + writer;
    }
  }

  /** A logged batch: its chunks under their log fields. */
  record Logged(List<String> fields, List<List<Write>> chunks) {}

  private final Redis redis;
  private final String consumer;
  private final long aliveMillis;
  private final long windowTtlMillis;
  private long batches;

  WriteLog(Redis redis, String consumer, long aliveMillis, long windowTtlMillis) {
    this.redis = redis;
    this.consumer = consumer;
    this.aliveMillis = aliveMillis;
    this.windowTtlMillis = windowTtlMillis;
  }

  static String logKey(String consumer) {
    return "recb:log:" + consumer;
  }

  static String aliveKey(String consumer) {
    return "recb:alive:" + consumer;
  }

  /**
   * Logs a batch. Succeeds with the indexes (in {@code partitions}) of the fenced partitions — nothing is logged
   * then — or with none and the {@link Logged} batch, which {@link #apply} then writes.
   */
  Future<Fenced> log(List<PartitionEntry> partitions, List<List<Write>> chunks) {
    int n = partitions.size();
    Request eval = Request.cmd(Command.EVAL).arg(LOG_SCRIPT).arg(3 + 2 * n).arg(logKey(consumer)).arg(LOGS)
        .arg(aliveKey(consumer));
    partitions.forEach(p -> eval.arg(p.watermarkKey()));
    partitions.forEach(p -> eval.arg(p.windowKey()));
    eval.arg(n).arg(consumer).arg(aliveMillis).arg(windowTtlMillis);
    partitions.forEach(p -> eval.arg(p.expected()));
    partitions.forEach(p -> eval.arg(new Watermark(p.next(), consumer).stored()));
    partitions.forEach(p -> eval.arg(p.hashes()));
    long batch = ++batches;
    List<String> fields = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      String field = batch + ":" + i;
      fields.add(field);
      eval.arg(field).arg(WriteCodec.encode(chunks.get(i)));
    }
    return redis.send(eval).map(reply -> {
      List<Integer> fenced = new ArrayList<>();
      reply.forEach(r -> fenced.add(r.toInteger() - 1));
      return new Fenced(fenced, fenced.isEmpty() ? new Logged(fields, chunks) : null);
    });
  }

  /** The outcome of {@link #log}: fenced partitions, or the logged batch. */
  record Fenced(List<Integer> partitions, Logged logged) {}

  /** Applies a logged batch's chunks, in parallel (one key's writes are in one chunk). */
  Future<Void> apply(Logged logged) {
    return apply(consumer, logged.fields(), logged.chunks());
  }

  /** Applies whatever this consumer's log still holds: after {@link #apply} failed part-way. */
  Future<Void> replay() {
    return replay(consumer);
  }

  private Future<Void> replay(String owner) {
    return redis.send(Request.cmd(Command.HGETALL).arg(logKey(owner))).compose(reply -> {
      List<String> fields = new ArrayList<>();
      List<List<Write>> chunks = new ArrayList<>();
      // RESP3 answers a map, RESP2 a flat list of field, value.
      if (reply.isMap()) {
        for (String field : reply.getKeys()) {
          fields.add(field);
          chunks.add(WriteCodec.decode(reply.get(field).toBytes()));
        }
      } else {
        for (int i = 0; i + 1 < reply.size(); i += 2) {
          fields.add(reply.get(i).toString());
          chunks.add(WriteCodec.decode(reply.get(i + 1).toBytes()));
        }
      }
      return apply(owner, fields, chunks);
    });
  }

  private Future<Void> apply(String owner, List<String> fields, List<List<Write>> chunks) {
    List<Future<List<Response>>> sent = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      List<Request> tx = new ArrayList<>(chunks.get(i).size() + 8);
      tx.add(Request.cmd(Command.MULTI));
      tx.addAll(RedisProfileStore.requests(chunks.get(i)));
      tx.add(Request.cmd(Command.HDEL).arg(logKey(owner)).arg(fields.get(i)));
      tx.add(Request.cmd(Command.EXEC));
      sent.add(redis.batch(tx));
    }
    return Future.all(sent).mapEmpty();
  }

  String consumer() {
    return consumer;
  }

  /**
   * Whether everything {@code writer} logged is applied: it is this consumer, or its log is empty, or it is gone
   * and its log was just applied here. False while a live consumer still applies its log (ask again later).
   */
  Future<Boolean> settled(String writer) {
    if (writer.isEmpty() || writer.equals(consumer)) {
      return Future.succeededFuture(true);
    }
    return redis.send(Request.cmd(Command.EXISTS).arg(logKey(writer)))
        .compose(log -> log.toInteger() == 0 ? Future.succeededFuture(true) : recoverIfOrphaned(writer));
  }

  /** Keeps this consumer's log its own: others take over a log whose alive key has expired. */
  Future<Void> stillAlive() {
    return redis.send(Request.cmd(Command.SET).arg(aliveKey(consumer)).arg("1").arg("PX").arg(aliveMillis))
        .mapEmpty();
  }

  /**
   * Applies what is left in the logs of consumers that are gone (alive key expired), one at a time, each claimed
   * first so two consumers do not replay the same log. Returns how many logs were taken over.
   */
  Future<Integer> recoverOrphans() {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(LOGS)).compose(members -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (Response m : members) {
        String owner = m.toString();
        if (!owner.equals(consumer)) {
          chain = chain.compose(done -> recoverIfOrphaned(owner).map(taken -> done + (taken ? 1 : 0)));
        }
      }
      return chain;
    });
  }

  private Future<Boolean> recoverIfOrphaned(String owner) {
    return redis.send(Request.cmd(Command.EXISTS).arg(aliveKey(owner))).compose(alive -> {
      if (alive.toInteger() > 0) {
        return Future.succeededFuture(false);
      }
      // The claim is the dead owner's alive key, set by us: nobody else takes the log while we replay it.
      return redis.send(Request.cmd(Command.SET).arg(aliveKey(owner)).arg(consumer).arg("NX").arg("PX")
          .arg(aliveMillis)).compose(claimed -> claimed == null ? Future.succeededFuture(false)
          : replay(owner).compose(v -> forget(owner)).map(true));
    });
  }

  /** Leaves the logs set (a clean stop, or a replayed orphan); the log hash itself is empty, hence gone. */
  Future<Void> forget(String owner) {
    return redis.batch(List.of(Request.cmd(Command.SREM).arg(LOGS).arg(owner),
        Request.cmd(Command.DEL).arg(aliveKey(owner)))).mapEmpty();
  }

  /** At a clean stop, once the log is applied. */
  Future<Void> close() {
    return redis.send(Request.cmd(Command.HLEN).arg(logKey(consumer)))
        .compose(len -> len.toInteger() == 0 ? forget(consumer) : Future.succeededFuture());
  }
}
