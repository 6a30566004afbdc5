package io.reelay.recommend.builder;

import io.reelay.catalog.CatalogService;
import io.reelay.node.StreamOwners;
import io.reelay.node.storage.KafkaClients;
import io.reelay.recommend.model.Interaction;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.state.Pipeline;
import io.reelay.recommend.state.RedisProfileStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.redis.client.Redis;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the {@value #GROUP} consumer group on {@value #TOPIC}: parses each record, enriches it with the
 * item's tags and creator, and applies it to the Redis state once ({@link EventApplier}). A subject's records
 * apply in order (a subject is a record key, so all its records are in one partition); other subjects, and other
 * partitions, in parallel. Unusable records are counted and skipped. The consumer pauses while more than
 * {@code maxInFlight} records are unwritten and resumes at half; offsets are committed only up to the first
 * unwritten record. More instances or nodes share the partitions.
 */
public final class ProfileConsumer extends VerticleBase {

  public static final String TOPIC = "reelay.events";
  public static final String GROUP = "reelay-profiles";
  private static final Logger LOG = LoggerFactory.getLogger(ProfileConsumer.class);
  private static final long STOP_DRAIN_MS = 2_000;

  private final KafkaClients kafka;
  private final Redis redis;
  private final CatalogService catalog;
  private final StreamOwners streams;
  private final ModelSettings model;
  private final BuilderSettings settings;
  private final BuilderMetrics metrics;
  private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
  private KafkaConsumer<String, String> consumer;
  private EventApplier applier;
  private ItemFacts facts;
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
    applier = new EventApplier(new Pipeline(redis), new ProfileUpdater(new RedisProfileStore(redis), model), model,
        settings.dedupSeconds());
    facts = new ItemFacts(catalog, streams);
    consumer = kafka.consumer("reelay-profiles-" + UUID.randomUUID(), GROUP);
    consumer.exceptionHandler(e -> LOG.warn("profile consumer: {}", e.toString()));
    consumer.partitionsRevokedHandler(this::revoked);
    consumer.handler(this::received);
    commitTimer = vertx.setPeriodic(settings.commitMillis(), id -> commit());
    return consumer.subscribe(TOPIC);
  }

  private void received(KafkaConsumerRecord<String, String> record) {
    PartitionProgress progress = partitions.computeIfAbsent(
        new TopicPartition(record.topic(), record.partition()), tp -> new PartitionProgress());
    if (++inFlight >= settings.maxInFlight() && !paused) {
      paused = true;
      metrics.pauses.increment();
      consumer.pause();
    }
    String subject = record.key() == null ? "" : record.key();
    progress.enqueue(record.offset(), subject, () -> handle(record, progress)).onComplete(done -> {
      if (--inFlight <= settings.maxInFlight() / 2 && paused) {
        paused = false;
        consumer.resume();
      }
    });
  }

  /** Never fails: a record is applied, skipped, or retried until written (or its partition moves away). */
  private Future<Void> handle(KafkaConsumerRecord<String, String> record, PartitionProgress progress) {
    TrackedEvent event;
    try {
      event = TrackedEvent.parse(record.value());
    } catch (TrackedEvent.Unusable e) {
      metrics.bad.increment();
      // First one and then one in a thousand: a misbehaving producer must not flood the log.
      if (metrics.bad.count() % 1000 == 1) {
        LOG.warn("skipping unusable record {}-{}@{}: {} (skipped so far: {})", record.topic(), record.partition(),
            record.offset(), e.getMessage(), (long) metrics.bad.count());
      }
      return Future.succeededFuture();
    }
    if (event == null) {
      metrics.ignored.increment();
      return Future.succeededFuture();
    }
    return apply(event, progress);
  }

  private Future<Void> apply(TrackedEvent event, PartitionProgress progress) {
    return facts.of(event, System.currentTimeMillis()).compose(f -> {
      if (f == ItemFacts.Facts.MISSING) {
        metrics.unknownItem.increment();
        return Future.succeededFuture();
      }
      Interaction interaction = new Interaction(event.kind(), event.subject(), event.item(), f.tags(), f.creator(),
          event.serverTime(), event.seconds());
      return applier.apply(event.eventId(), interaction)
          .map(applied -> {
            (applied ? metrics.applied : metrics.duplicate).increment();
            return (Void) null;
          });
    }).recover(e -> {
      if (progress.revoked()) {
        return Future.succeededFuture();
      }
      metrics.retries.increment();
      LOG.warn("profile update of event {} failed, retrying: {}", event.eventId(), e.toString());
      Promise<Void> retried = Promise.promise();
      vertx.setTimer(settings.retryMillis(), t -> apply(event, progress).onComplete(retried));
      return retried.future();
    });
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
