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
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the {@value #GROUP} consumer group on {@value #TOPIC}. Works a poll at a time (Kafka hands a
 * consumer up to 500 records at once): parses each record, enriches it with the item's tags and creator, and
 * applies the poll's events to the Redis state once ({@link BatchApplier}: two rounds of pipelines per poll).
 * Polls apply one after another, so a subject's events (all in one partition: the subject is the record key)
 * apply in order. Unusable records are counted and skipped. The consumer pauses while more than
 * {@code maxInFlight} records are unwritten and resumes at half; offsets are committed only up to the first
 * unwritten record. More instances or nodes share the partitions.
 */
public final class ProfileConsumer extends VerticleBase {

  public static final String TOPIC = "reelay.events";
  public static final String GROUP = "reelay-profiles";
  private static final Logger LOG = LoggerFactory.getLogger(ProfileConsumer.class);
  private static final long STOP_DRAIN_MS = 2_000;

  /** A record of a poll and the progress of its partition. */
  private record Received(KafkaConsumerRecord<String, String> record, PartitionProgress progress) {}

  private final KafkaClients kafka;
  private final Redis redis;
  private final CatalogService catalog;
  private final StreamOwners streams;
  private final ModelSettings model;
  private final BuilderSettings settings;
  private final BuilderMetrics metrics;
  private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
  private KafkaConsumer<String, String> consumer;
  private BatchApplier applier;
  private ItemFacts facts;
  private Future<Void> tail = Future.succeededFuture();
  private int inFlight;
  private boolean paused;
  private long commitTimer = -1;

  public ProfileConsumer(KafkaClients kafka, Redis redis, CatalogService catalog, StreamOwners streams,
      ModelSettings model, BuilderSettings settings, BuilderMetrics metrics) {
    this.kafka = kafka;
    this.redis = redis;
    this.catalog = catalog;
    this.streams = streams;
    this.model = model;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    applier = new BatchApplier(redis, new ProfileUpdater(new RedisProfileStore(redis), model), model,
        settings.dedupSeconds());
    facts = new ItemFacts(catalog, streams);
    consumer = kafka.consumer("reelay-profiles-" + UUID.randomUUID(), GROUP);
    consumer.exceptionHandler(e -> LOG.warn("profile consumer: {}", e.toString()));
    consumer.partitionsRevokedHandler(this::revoked);
    // The whole poll in one task; the per-record handler (which must be set for records to flow) does nothing.
    consumer.batchHandler(this::received);
    consumer.handler(record -> { });
    commitTimer = vertx.setPeriodic(settings.commitMillis(), id -> commit());
    return consumer.subscribe(TOPIC);
  }

  private void received(KafkaConsumerRecords<String, String> records) {
    if (records.isEmpty()) {
      return;
    }
    List<Received> poll = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      KafkaConsumerRecord<String, String> r = records.recordAt(i);
      PartitionProgress progress = partitions.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
          tp -> new PartitionProgress());
      progress.received(r.offset());
      poll.add(new Received(r, progress));
    }
    inFlight += poll.size();
    if (inFlight >= settings.maxInFlight() && !paused) {
      paused = true;
      metrics.pauses.increment();
      consumer.pause();
    }
    tail = tail.transform(ignored -> handle(poll)).andThen(done -> {
      poll.forEach(r -> r.progress().written(r.record().offset()));
      inFlight -= poll.size();
      if (inFlight <= settings.maxInFlight() / 2 && paused) {
        paused = false;
        consumer.resume();
      }
    });
  }

  /** Never fails: the poll's events are applied or skipped, or retried until written (or their partitions move). */
  private Future<Void> handle(List<Received> poll) {
    List<Parsed> events = new ArrayList<>(poll.size());
    for (Received r : poll) {
      TrackedEvent event = parse(r.record());
      if (event != null) {
        events.add(new Parsed(event, r.progress()));
      }
    }
    return apply(events);
  }

  /** A usable event of a poll and the progress of its partition. */
  private record Parsed(TrackedEvent event, PartitionProgress progress) {}

  private Future<Void> apply(List<Parsed> events) {
    long now = System.currentTimeMillis();
    List<Future<ItemFacts.Facts>> looked = new ArrayList<>(events.size());
    events.forEach(p -> looked.add(facts.of(p.event(), now)));
    return Future.all(looked).compose(all -> {
      List<BatchApplier.Item> items = new ArrayList<>(events.size());
      int unknown = 0;
      for (int i = 0; i < events.size(); i++) {
        ItemFacts.Facts f = all.resultAt(i);
        TrackedEvent e = events.get(i).event();
        if (f == ItemFacts.Facts.MISSING) {
          unknown++;
        } else {
          items.add(new BatchApplier.Item(e.eventId(), new Interaction(e.kind(), e.subject(), e.item(), f.tags(),
              f.creator(), e.serverTime(), e.seconds())));
        }
      }
      int skipped = unknown;
      return applier.apply(items).<Void>map(outcome -> {
        metrics.applied.increment(outcome.applied());
        metrics.duplicate.increment(outcome.duplicates());
        metrics.unknownItem.increment(skipped);
        return null;
      });
    }).recover(e -> retry(events, e));
  }

  /** The events again in a moment, but those of partitions another consumer owns now (it redoes them). */
  private Future<Void> retry(List<Parsed> events, Throwable cause) {
    List<Parsed> owned = events.stream().filter(p -> !p.progress().revoked()).toList();
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

  /** Stops taking records, lets the ones in flight finish (bounded), commits what was written, leaves the group. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(commitTimer);
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
        .eventually(() -> consumer.close());
  }
}
