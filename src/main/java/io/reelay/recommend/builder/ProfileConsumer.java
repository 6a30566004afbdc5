package io.reelay.recommend.builder;

import io.reelay.catalog.CatalogService;
import io.reelay.node.StreamOwners;
import io.reelay.node.storage.KafkaClients;
import io.reelay.recommend.model.Interaction;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.state.RedisProfileStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the {@value #GROUP} consumer group on {@value #TOPIC}. Parses each record as its poll arrives,
 * enriches it with the item's tags and creator, and applies the events a batch at a time, each exactly once
 * ({@link BatchApplier}), a batch being the polls queued while the previous one was logged. Batches are logged one
 * after another, so a subject's events (all in one partition: the subject is the record key) apply in order.
 * Unusable records are counted and skipped. The consumer pauses while more than {@code maxInFlight} records are not
 * yet logged and resumes at half; offsets are committed only up to the first record not logged (a logged batch is
 * written even if this process dies: {@link WriteLog}). More instances or nodes share the partitions.
 */
public final class ProfileConsumer extends VerticleBase {

  public static final String TOPIC = "reelay.events";
  public static final String GROUP = "reelay-profiles";
  private static final Logger LOG = LoggerFactory.getLogger(ProfileConsumer.class);
  private static final long STOP_DRAIN_MS = 2_000;

  /** A record received: its place, its partition's progress, its event (null when unusable or ignored). */
  private record Received(int partition, long offset, PartitionProgress progress, TrackedEvent event) {}

  private final KafkaClients kafka;
  private final Supplier<Redis> redisClients;
  private Redis redis;
  private final CatalogService catalog;
  private final StreamOwners streams;
  private final ModelSettings model;
  private final BuilderSettings settings;
  private final BuilderMetrics metrics;
  private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
  private KafkaConsumer<String, String> consumer;
  private BatchApplier applier;
  private WriteLog log;
  private ItemFacts facts;
  private final ArrayDeque<Received> queue = new ArrayDeque<>();
  private boolean applying;
  private final String consumerId = UUID.randomUUID().toString();
  private int inFlight;
  private boolean paused;
  private long commitTimer = -1;
  private long aliveTimer = -1;

  /** @param redisClients makes the consumer's own Redis client (closed when it stops) */
  public ProfileConsumer(KafkaClients kafka, Supplier<Redis> redisClients, CatalogService catalog,
      StreamOwners streams, ModelSettings model, BuilderSettings settings, BuilderMetrics metrics) {
    this.kafka = kafka;
    this.redisClients = redisClients;
    this.catalog = catalog;
    this.streams = streams;
    this.model = model;
    this.settings = settings;
    this.metrics = metrics;
  }

  /**
   * A consumer's own Redis client: its batches' pipelines never queue the feeds' reads behind them, and RESP2, so
   * the replies it ignores (ZINCRBY's new scores) stay bulk strings instead of being parsed as doubles.
   */
  public static RedisOptions redisOptions() {
    return new RedisOptions().setMaxPoolSize(4).setMaxPoolWaiting(1024).setMaxWaitingHandlers(1024)
        .setPreferredProtocolVersion(ProtocolVersion.RESP2);
  }

  @Override
  public Future<?> start() {
    redis = redisClients.get();
    long window = settings.dedupSeconds() * 1000;
    log = new WriteLog(redis, consumerId, settings.aliveMillis(), BatchApplier.windowTtlMillis(window));
    applier = new BatchApplier(vertx, redis, log, new ProfileUpdater(new RedisProfileStore(redis), model), model,
        TOPIC, window, settings.retryMillis());
    facts = new ItemFacts(catalog, streams);
    consumer = kafka.consumer("reelay-profiles-" + consumerId, GROUP);
    consumer.exceptionHandler(e -> LOG.warn("profile consumer: {}", e.toString()));
    consumer.partitionsRevokedHandler(this::revoked);
    // The whole poll in one task; the per-record handler (which must be set for records to flow) does nothing.
    consumer.batchHandler(this::received);
    consumer.handler(record -> { });
    commitTimer = vertx.setPeriodic(settings.commitMillis(), id -> commit());
    // A consumer that died with logged writes left them to us: apply them before reading (their viewers'
    // histories), and keep looking, as a consumer may die at any time.
    aliveTimer = vertx.setPeriodic(settings.aliveMillis() / 3, id -> log.stillAlive()
        .compose(v -> log.recoverOrphans()).onFailure(e -> LOG.debug("write log upkeep: {}", e.toString())));
    return log.stillAlive().compose(v -> log.recoverOrphans())
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("applied the logged writes of {} profile consumer(s) that stopped before finishing them", n);
          }
        })
        .recover(e -> {
          LOG.warn("could not check for logged writes of stopped consumers (retried every {} ms): {}",
              settings.aliveMillis() / 3, e.toString());
          return Future.succeededFuture(0);
        })
        .compose(n -> consumer.subscribe(TOPIC));
  }

  private void received(KafkaConsumerRecords<String, String> records) {
    if (records.isEmpty()) {
      return;
    }
    // Parsed now, while the previous batch may be in Redis: the JSON work overlaps the round trips.
    for (int i = 0; i < records.size(); i++) {
      KafkaConsumerRecord<String, String> r = records.recordAt(i);
      PartitionProgress progress = partitions.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
          tp -> new PartitionProgress());
      progress.received(r.offset());
      queue.add(new Received(r.partition(), r.offset(), progress, parse(r)));
    }
    inFlight += records.size();
    if (inFlight >= settings.maxInFlight() && !paused) {
      paused = true;
      metrics.pauses.increment();
      consumer.pause();
    }
    applyQueued();
  }

  /**
   * Applies everything queued (up to {@code maxBatch} records) as one batch, unless a batch is being written: the
   * polls that arrive meanwhile wait and go together next. Under load batches grow, so more increments fold into
   * one command; a lone event still goes out at once.
   */
  private void applyQueued() {
    if (applying || queue.isEmpty()) {
      return;
    }
    applying = true;
    List<Received> batch = new ArrayList<>(Math.min(queue.size(), settings.maxBatch()));
    while (!queue.isEmpty() && batch.size() < settings.maxBatch()) {
      batch.add(queue.poll());
    }
    apply(batch).onComplete(done -> {
      batch.forEach(r -> r.progress().written(r.offset()));
      inFlight -= batch.size();
      if (inFlight <= settings.maxInFlight() / 2 && paused) {
        paused = false;
        consumer.resume();
      }
      applying = false;
      applyQueued();
    });
  }

  /** Never fails: the batch's events are applied or skipped, or retried until written (or their partitions move). */
  private Future<Void> apply(List<Received> batch) {
    long now = System.currentTimeMillis();
    List<Received> usable = new ArrayList<>(batch.size());
    List<Future<ItemFacts.Facts>> looked = new ArrayList<>(batch.size());
    Map<Integer, Long> through = new HashMap<>();
    for (Received r : batch) {
      through.merge(r.partition(), r.offset() + 1, Math::max);
      if (r.event() != null) {
        usable.add(r);
        looked.add(facts.of(r.event(), now));
      }
    }
    return Future.all(looked).compose(all -> {
      List<BatchApplier.Item> items = new ArrayList<>(usable.size());
      int unknown = 0;
      for (int i = 0; i < usable.size(); i++) {
        ItemFacts.Facts f = all.resultAt(i);
        Received r = usable.get(i);
        TrackedEvent e = r.event();
        if (f == ItemFacts.Facts.MISSING) {
          unknown++;
        } else {
          items.add(new BatchApplier.Item(r.partition(), r.offset(), e.eventId(), new Interaction(e.kind(),
              e.subject(), e.item(), f.tags(), f.creator(), e.serverTime(), e.seconds())));
        }
      }
      int skipped = unknown;
      // Logged: the next batch may be worked out. Counted once its writes are in Redis.
      return applier.apply(items, through).<Void>map(outcome -> {
        applier.drained().onSuccess(v -> {
          metrics.applied.increment(outcome.applied());
          metrics.duplicate.increment(outcome.duplicates());
          metrics.unknownItem.increment(skipped);
        });
        return null;
      });
    }).recover(e -> retry(batch, e));
  }

  /** The events again in a moment, but those of partitions another consumer owns now (it redoes them). */
  private Future<Void> retry(List<Received> records, Throwable cause) {
    List<Received> owned = records.stream().filter(r -> !r.progress().revoked()).toList();
    if (owned.isEmpty()) {
      return Future.succeededFuture();
    }
    metrics.retries.increment();
    LOG.warn("profile update of {} events failed, retrying: {}", owned.size(), cause.toString());
    Promise<Void> retried = Promise.promise();
    vertx.setTimer(settings.retryMillis(), t -> apply(owned).onComplete(retried));
    return retried.future();
  }

  /** The event, or null when the record is unusable or of a kind profiles ignore (both counted). */
  private TrackedEvent parse(KafkaConsumerRecord<String, String> record) {
    try {
      TrackedEvent event = TrackedEvent.parse(record.value());
      if (event == null) {
        metrics.ignored.increment();
      }
      return event;
    } catch (TrackedEvent.Unusable e) {
      metrics.bad.increment();
      // First one and then one in a thousand: a misbehaving producer must not flood the log.
      if (metrics.bad.count() % 1000 == 1) {
        LOG.warn("skipping unusable record {}-{}@{}: {} (skipped so far: {})", record.topic(), record.partition(),
            record.offset(), e.getMessage(), (long) metrics.bad.count());
      }
      return null;
    }
  }

  private void revoked(Set<TopicPartition> revoked) {
    commit();
    revoked.forEach(tp -> {
      PartitionProgress p = partitions.remove(tp);
      if (p != null) {
        p.revoke();
      }
      applier.forget(tp.getPartition());
    });
  }

  private Future<Void> commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    partitions.forEach((tp, p) -> {
      long point = p.commitPoint();
      if (point >= 0) {
        offsets.put(tp, new OffsetAndMetadata(point, null));
      }
    });
    if (offsets.isEmpty()) {
      return Future.succeededFuture();
    }
    return consumer.commit(offsets).<Void>map(done -> {
      offsets.forEach((tp, o) -> {
        PartitionProgress p = partitions.get(tp);
        if (p != null) {
          p.committed(o.getOffset());
        }
      });
      return null;
    }).onFailure(e -> LOG.debug("offset commit failed (retried next tick): {}", e.toString()));
  }

  /** The future, or a completed one at the deadline (a stop must not hang on Redis). */
  private Future<Void> within(Future<Void> future, long deadline) {
    Promise<Void> bounded = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, deadline - System.currentTimeMillis()), t -> bounded.tryComplete());
    future.onComplete(done -> {
      vertx.cancelTimer(timer);
      bounded.tryComplete();
    });
    return bounded.future();
  }

  /** Stops taking records, lets the ones in flight finish (bounded), commits what was written, leaves the group. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(commitTimer);
    vertx.cancelTimer(aliveTimer);
    consumer.pause();
    Promise<Void> drained = Promise.promise();
    long deadline = System.currentTimeMillis() + STOP_DRAIN_MS;
    vertx.setPeriodic(1, 20, id -> {
      if (inFlight == 0 || System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        drained.complete();
      }
    });
    return drained.future()
        .compose(v -> commit().recover(e -> Future.succeededFuture()))
        .compose(v -> within(applier.drained(), deadline))
        .compose(v -> log.close().recover(e -> Future.succeededFuture()))
        .eventually(() -> consumer.close())
        .eventually(() -> {
          redis.close();
          return Future.succeededFuture();
        });
  }
}
