package io.reelay.recommend.builder;

import io.reelay.recommend.model.Interaction;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileKeys;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.model.RecentEntry;
import io.reelay.recommend.model.Write;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the events of one batch (the polls a consumer queued) to the state, each exactly once:
 * <ol>
 *   <li>For a partition new to this consumer, its watermark (records below it are applied: a redelivery after a
 *   restart or a rebalance is recognised by its offset) and its event-id window ({@link EventIdWindow}: the same
 *   event sent again as a new record) are read; so is the history of each viewer not in {@link RecentViews}. One
 *   round, and none at all once the consumer is warm.</li>
 *   <li>The new events' writes ({@link ProfileUpdater#writes}, the code the offline evaluator replays), a viewer's
 *   history carried from one of its events to the next, folded ({@link FoldedWrites}) a slice at a time, so the
 *   previous batch's chunks go on being applied meanwhile.</li>
 *   <li>{@link WriteLog}: the batch logged with its partitions' new watermarks and event ids — fenced if another
 *   consumer moved a watermark meanwhile, then those partitions are read again and the batch decided anew — and
 *   applied chunk by chunk, each chunk once however often it is replayed.</li>
 * </ol>
 * What the consumer knows (watermarks, windows, histories) changes only once the batch is logged, so a batch that
 * failed before is simply tried again. Not thread-safe: one per consumer, one batch at a time (a viewer's events
 * must apply in order).
 */
final class BatchApplier {

  private static final Logger LOG = LoggerFactory.getLogger(BatchApplier.class);
  /** Commands per pipeline of reads: the node's client awaits at most 1,024 replies per connection. */
  private static final int MAX_PIPELINE = 500;
  /** Events folded per event-loop task: a few milliseconds. */
  private static final int SLICE = 256;

  /** One event to apply, at its place in its partition. */
  record Item(int partition, long offset, String eventId, Interaction interaction) {}

  /** How many of the items were applied and how many were duplicates (redelivered or sent again). */
  record Outcome(int applied, int duplicates) {}

  /** What this consumer knows of a partition it reads: its watermark as stored, and its event-id window. */
  private static final class Ledger {
    /** The stored watermark ({@link WriteLog.Watermark}); "" when none was ever written. */
    String watermark = "";
    long next = -1;
    final EventIdWindow window;

    Ledger(EventIdWindow window) {
      this.window = window;
    }
  }

  /** One partition's new event-id hashes in a batch. */
  private static final class Hashes {
    long[] values = new long[16];
    int n;

    void add(long h) {
      if (n == values.length) {
        values = Arrays.copyOf(values, n * 2);
      }
      values[n++] = h;
    }
  }

  private final Vertx vertx;
  private final Redis redis;
  private final WriteLog log;
  private final ProfileUpdater updater;
  private final ModelSettings settings;
  private final String topic;
  private final long windowMillis;
  private final long retryMillis;
  private final RecentViews views = new RecentViews();
  private final Map<Integer, Ledger> ledgers = new HashMap<>();
  /**
   * The chunks of the last logged batch, being applied. The next batch is worked out meanwhile (from what this
   * consumer knows, already past the logged batch) and logged once they are in, so one key's writes stay in order.
   */
  private Future<Void> writing = Future.succeededFuture();

  /**
   * @param topic        names the partitions' watermarks and windows in Redis
   * @param windowMillis how long an event id counts once
   * @param retryMillis  wait before replaying a logged batch whose chunks failed (Redis away)
   */
  BatchApplier(Vertx vertx, Redis redis, WriteLog log, ProfileUpdater updater, ModelSettings settings, String topic,
      long windowMillis, long retryMillis) {
    this.vertx = vertx;
    this.redis = redis;
    this.log = log;
    this.updater = updater;
    this.settings = settings;
    this.topic = topic;
    this.windowMillis = windowMillis;
    this.retryMillis = retryMillis;
  }

  static String watermarkKey(String topic, int partition) {
    return "recb:applied:" + topic + ":" + partition;
  }

  static String windowKey(String topic, int partition, long bucket) {
    return "recb:seen:" + topic + ":" + partition + ":" + bucket;
  }

  /** How long a window bucket's Redis key must live: until its last hash leaves the window. */
  static long windowTtlMillis(long windowMillis) {
    return windowMillis + new EventIdWindow(windowMillis).bucketMillis();
  }

  /**
   * Succeeds once the batch is logged: its state will be written even if this process dies now. Its writes are
   * still being applied then ({@link #drained}).
   *
   * @param items   the batch's usable events, in the order their records had in their partitions
   * @param through per partition of the batch, one past its last record (usable or not): the new watermark
   */
  Future<Outcome> apply(List<Item> items, Map<Integer, Long> through) {
    long now = System.currentTimeMillis();
    return load(items, through, now).compose(v -> logAndWrite(items, through, now));
  }

  /** Completes when the logged batches' writes are all applied. */
  Future<Void> drained() {
    return writing;
  }

  /** The partition went to another consumer: what this one knew of it may go stale. */
  void forget(int partition) {
    ledgers.remove(partition);
    views.forget(partition);
  }

  /** Reads the watermarks and windows of partitions new here and the histories not known here, in one round. */
  private Future<Void> load(List<Item> items, Map<Integer, Long> through, long now) {
    List<Request> reads = new ArrayList<>();
    List<Integer> fresh = new ArrayList<>();
    EventIdWindow shape = new EventIdWindow(windowMillis);
    long first = shape.firstLiveBucket(now);
    long last = shape.bucket(now);
    for (int p : new TreeSet<>(through.keySet())) {
      if (!ledgers.containsKey(p)) {
        fresh.add(p);
        reads.add(Request.cmd(Command.GET).arg(watermarkKey(topic, p)));
        for (long b = first; b <= last; b++) {
          reads.add(Request.cmd(Command.GET).arg(windowKey(topic, p, b)));
        }
      }
    }
    Map<String, Integer> cold = new LinkedHashMap<>();
    for (Item item : items) {
      String subject = item.interaction().subject();
      if (engaged(item.interaction()) && (fresh.contains(item.partition()) || views.get(subject) == null)) {
        if (cold.putIfAbsent(subject, item.partition()) == null) {
          reads.add(Request.cmd(Command.LRANGE).arg(ProfileKeys.userRecent(subject)).arg(0)
              .arg(settings.coWindow() - 1));
        }
      }
    }
    if (reads.isEmpty()) {
      return Future.succeededFuture();
    }
    return send(reads).compose(replies -> {
      int at = 0;
      Map<Integer, Ledger> loaded = new HashMap<>();
      List<Future<Boolean>> settled = new ArrayList<>();
      for (int p : fresh) {
        Ledger ledger = new Ledger(new EventIdWindow(windowMillis));
        Response mark = replies.get(at++);
        if (mark != null) {
          ledger.watermark = mark.toString();
          WriteLog.Watermark stored = WriteLog.Watermark.parse(ledger.watermark);
          ledger.next = stored.next();
          settled.add(log.settled(stored.writer()));
        }
        for (long b = first; b <= last; b++) {
          Response blob = replies.get(at++);
          if (blob != null) {
            ledger.window.load(b, blob.toBytes());
          }
        }
        loaded.put(p, ledger);
      }
      Map<String, List<RecentEntry>> histories = new HashMap<>();
      for (String subject : cold.keySet()) {
        histories.put(subject, entries(replies.get(at++)));
      }
      return Future.all(settled).compose(all -> {
        if (settled.stream().anyMatch(f -> !f.result())) {
          // What we read may still change: the partition's last writer is applying its log. Try again soon.
          return Future.failedFuture(new IllegalStateException(
              "a partition's previous consumer is still applying its logged writes"));
        }
        ledgers.putAll(loaded);
        histories.forEach((subject, history) -> views.put(subject, cold.get(subject), history));
        return Future.succeededFuture();
      });
    });
  }

  /**
   * A batch's events folded so far: the new ones' writes, their event-id hashes per partition, the histories
   * they extended; the duplicates counted. Reads what the consumer knows of the batch's partitions as it was when
   * the fold began ({@link #revokedMeanwhile}).
   */
  private final class Fold {
    final long now;
    final Map<Integer, Ledger> used = new HashMap<>();
    final Map<Integer, Hashes> fresh = new HashMap<>();
    final Map<String, List<RecentEntry>> recent = new HashMap<>();
    final Map<String, Integer> partitionOf = new HashMap<>();
    final LongHashSet inBatch = new LongHashSet();
    final FoldedWrites writes = new FoldedWrites();
    int applied;
    int duplicates;

    Fold(Set<Integer> partitions, long now) {
      this.now = now;
      partitions.forEach(p -> used.put(p, ledgers.get(p)));
    }

    void add(Item item) {
      Ledger ledger = used.get(item.partition());
      Interaction e = item.interaction();
      long h = EventIdWindow.hash(e.subject(), item.eventId());
      if (item.offset() < ledger.next || ledger.window.contains(h, now) || !inBatch.add(h)) {
        duplicates++;
        return;
      }
      fresh.computeIfAbsent(item.partition(), p -> new Hashes()).add(h);
      applied++;
      partitionOf.put(e.subject(), item.partition());
      writes.add(writesOf(e, recent));
    }

    /** Whether a partition of the batch left this consumer while the fold yielded: its histories were dropped. */
    boolean revokedMeanwhile() {
      return used.entrySet().stream().anyMatch(u -> ledgers.get(u.getKey()) != u.getValue());
    }
  }

  private Future<Outcome> logAndWrite(List<Item> items, Map<Integer, Long> through, long now) {
    Fold fold = new Fold(through.keySet(), now);
    return foldFrom(items, 0, fold).compose(v -> fold.revokedMeanwhile()
        ? writing.compose(w -> apply(items, through)) // what it knew is gone: read again once the writes are in
        : logFolded(items, through, fold));
  }

  /**
   * Folds the items from {@code from} on, {@value #SLICE} at a time with a timer between slices: the event loop then
   * reads the replies of the previous batch's chunks and sends the next ones, so Redis applies them while this batch
   * is worked out (a timer, as Netty runs up to 64 queued tasks before it looks at its sockets again).
   */
  private Future<Void> foldFrom(List<Item> items, int from, Fold fold) {
    int to = Math.min(items.size(), from + SLICE);
    for (int i = from; i < to; i++) {
      fold.add(items.get(i));
    }
    if (to == items.size()) {
      return Future.succeededFuture();
    }
    Promise<Void> rest = Promise.promise();
    vertx.setTimer(1, t -> foldFrom(items, to, fold).onComplete(rest));
    return rest.future();
  }

  private Future<Outcome> logFolded(List<Item> items, Map<Integer, Long> through, Fold fold) {
    long now = fold.now;
    Map<Integer, Ledger> used = fold.used;
    Map<Integer, Hashes> fresh = fold.fresh;
    List<Integer> partitions = new ArrayList<>(new TreeSet<>(through.keySet()));
    List<WriteLog.PartitionEntry> entries = new ArrayList<>(partitions.size());
    for (int p : partitions) {
      Ledger ledger = used.get(p);
      Hashes h = fresh.getOrDefault(p, new Hashes());
      entries.add(new WriteLog.PartitionEntry(watermarkKey(topic, p), ledger.watermark,
          Math.max(ledger.next, through.get(p)), windowKey(topic, p, ledger.window.bucket(now)),
          EventIdWindow.encode(h.values, h.n)));
    }
    Outcome outcome = new Outcome(fold.applied, fold.duplicates);
    List<List<Write>> chunks = fold.writes.chunks(WriteLog.MAX_CHUNK);
    return writing.compose(v -> log.log(entries, chunks)).compose(result -> {
      if (!result.partitions().isEmpty()) {
        // Another consumer wrote these watermarks: it has (some of) their records. Read again, decide again.
        result.partitions().forEach(i -> forget(partitions.get(i)));
        return apply(items, through);
      }
      for (int i = 0; i < partitions.size(); i++) {
        int p = partitions.get(i);
        Ledger ledger = used.get(p);
        if (ledgers.get(p) != ledger) {
          continue; // revoked while the batch was logged
        }
        ledger.next = entries.get(i).next();
        ledger.watermark = new WriteLog.Watermark(ledger.next, log.consumer()).stored();
        Hashes h = fresh.get(p);
        for (int j = 0; h != null && j < h.n; j++) {
          ledger.window.add(h.values[j], now);
        }
      }
      fold.recent.forEach((subject, history) -> {
        int p = fold.partitionOf.get(subject);
        if (ledgers.get(p) == used.get(p)) {
          views.put(subject, p, history);
        }
      });
      writing = written(result.logged());
      return Future.succeededFuture(outcome);
    });
  }

  /** Applies a logged batch; until that succeeds, replays the log every {@code retryMillis}. */
  private Future<Void> written(WriteLog.Logged logged) {
    return log.apply(logged).recover(this::replayLater);
  }

  private Future<Void> replayLater(Throwable cause) {
    LOG.warn("a logged batch's writes failed, replaying its log: {}", cause.toString());
    Promise<Void> done = Promise.promise();
    vertx.setTimer(retryMillis, t -> log.replay().recover(this::replayLater).onComplete(done));
    return done.future();
  }

  private boolean engaged(Interaction e) {
    return settings.signals().weight(e) > 0 && settings.signals().engaged(e);
  }

  /** The event's writes given its viewer's history so far, which it then extends as the stored one will be. */
  private List<Write> writesOf(Interaction e, Map<String, List<RecentEntry>> recent) {
    List<RecentEntry> history = recent.get(e.subject());
    if (history == null) {
      history = views.get(e.subject());
    }
    if (history == null) {
      history = List.of();
    }
    List<Write> writes = updater.writesAfter(e, engaged(e) ? history : List.of());
    String key = ProfileKeys.userRecent(e.subject());
    for (Write w : writes) {
      if (w instanceof Write.LPushTrim push && push.key().equals(key)) {
        List<RecentEntry> next = new ArrayList<>(history.size() + 1);
        next.add(RecentEntry.decode(push.value()));
        next.addAll(history.subList(0, Math.min(history.size(), settings.coWindow() - 1)));
        history = next;
        recent.put(e.subject(), next);
      }
    }
    return writes;
  }

  /** The reads in pipelines of at most {@link #MAX_PIPELINE}, in parallel; the replies in order. */
  private Future<List<Response>> send(List<Request> requests) {
    List<Future<List<Response>>> sent = new ArrayList<>();
    for (int at = 0; at < requests.size(); at += MAX_PIPELINE) {
      sent.add(redis.batch(requests.subList(at, Math.min(requests.size(), at + MAX_PIPELINE))));
    }
    return Future.all(sent).map(all -> {
      List<Response> out = new ArrayList<>(requests.size());
      for (int i = 0; i < sent.size(); i++) {
        out.addAll(all.<List<Response>>resultAt(i));
      }
      return out;
    });
  }

  private static List<RecentEntry> entries(Response reply) {
    List<RecentEntry> out = new ArrayList<>();
    if (reply != null) {
      reply.forEach(r -> out.add(RecentEntry.decode(r.toString())));
    }
    return out;
  }
}
