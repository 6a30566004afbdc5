package io.reelay.recommend;

import io.reelay.catalog.CatalogService;
import io.reelay.node.Capability;
import io.reelay.node.LiveNow;
import io.reelay.node.NodeMetrics;
import io.reelay.node.StreamOwners;
import io.reelay.node.auth.AccessGuard;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.storage.Storage;
import io.reelay.recommend.builder.BuilderMetrics;
import io.reelay.recommend.builder.BuilderSettings;
import io.reelay.recommend.builder.ProfileConsumer;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.Recommender;
import io.reelay.recommend.serve.Feeds;
import io.reelay.recommend.serve.RecommendRoutes;
import io.reelay.recommend.serve.SharedReads;
import io.reelay.recommend.state.RedisProfileStore;
import io.reelay.recommend.state.StateSnapshots;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recommendations, wired: the state in Redis (restored from the newest PostgreSQL snapshot when Redis has none,
 * snapshotted periodically and at a clean stop), the profile builder as capability {@value #CAPABILITY}
 * (instances = Kafka consumers of one group), and the feed routes.
 */
public final class RecommendModule {

  public static final String CAPABILITY = "profiles";
  private static final Logger LOG = LoggerFactory.getLogger(RecommendModule.class);

  private final Vertx vertx;
  private final Storage storage;
  private final CatalogService catalog;
  private final StreamOwners streams;
  private final RecommendSettings settings;
  private final ModelSettings model;
  private final StateSnapshots snapshots;
  private final BuilderMetrics builderMetrics;
  private final HttpRoutes routes;
  private long snapshotTimer = -1;
  private Future<?> snapshotting = Future.succeededFuture();

  private RecommendModule(Vertx vertx, Storage storage, CatalogService catalog, StreamOwners streams,
      RecommendSettings settings, ModelSettings model, AccessGuard guard, LiveNow liveNow, NodeMetrics metrics) {
    this.vertx = vertx;
    this.storage = storage;
    this.catalog = catalog;
    this.streams = streams;
    this.settings = settings;
    this.model = model;
    this.snapshots = new StateSnapshots(storage.redisClient(), storage.pg());
    this.builderMetrics = new BuilderMetrics(metrics);
    Recommender recommender = new Recommender(new SharedReads(new RedisProfileStore(storage.redisClient())), model);
    this.routes = new RecommendRoutes(Feeds.create(recommender, liveNow, catalog), guard);
  }

  /** Restores the state if Redis lost it and makes sure the event topic has its partitions. */
  public static Future<RecommendModule> start(Vertx vertx, Storage storage, CatalogService catalog,
      StreamOwners streams, LiveNow liveNow, AccessGuard guard, RecommendSettings settings, NodeMetrics metrics) {
    RecommendModule module = new RecommendModule(vertx, storage, catalog, streams, settings, ModelSettings.defaults(),
        guard, liveNow, metrics);
    Future<Void> topic = storage.kafka().ensureTopic(ProfileConsumer.TOPIC, RecommendSettings.EVENT_PARTITIONS)
        .recover(e -> {
          LOG.warn("could not create {} (it will be auto-created): {}", ProfileConsumer.TOPIC, e.toString());
          return Future.succeededFuture();
        });
    // A node starts (and reports itself unready) even when Redis or PostgreSQL cannot be reached yet.
    Future<Object> restored = module.snapshots.restoreIfEmpty().<Object>map(o -> {
      if (!o.skipped()) {
        LOG.info("recommendation state restored from snapshot {}: {} keys, {} bytes", o.snapshotId(), o.keys(),
            o.bytes());
      }
      return o;
    }).recover(e -> {
      LOG.warn("recommendation state not restored: {}", e.toString());
      return Future.succeededFuture();
    });
    return Future.all(topic, restored).map(v -> {
      if (settings.snapshotSeconds() > 0) {
        module.snapshotTimer = vertx.setPeriodic(settings.snapshotSeconds() * 1000, id -> module.snapshotNow());
      }
      return module;
    });
  }

  public HttpRoutes routes() {
    return routes;
  }

  /** The profile builder: {@code instances} consumers of group {@value ProfileConsumer#GROUP}. */
  public Capability profilesCapability() {
    BuilderSettings builder = BuilderSettings.defaults(settings.dedupSeconds());
    return new Capability(CAPABILITY, () -> new ProfileConsumer(storage.kafka(),
        () -> storage.newRedisClient(ProfileConsumer.redisOptions()), catalog, streams, model, builder, builderMetrics),
        settings.profileInstances());
  }

  public BuilderMetrics builderMetrics() {
    return builderMetrics;
  }

  /** Copies the state to PostgreSQL now (unless a copy is still running here). */
  public Future<StateSnapshots.Outcome> snapshotNow() {
    if (!snapshotting.isComplete()) {
      return Future.succeededFuture(new StateSnapshots.Outcome(0, 0, 0, true));
    }
    long started = System.currentTimeMillis();
    Future<StateSnapshots.Outcome> run = snapshots.snapshot()
        .onSuccess(o -> {
          if (!o.skipped()) {
            LOG.info("recommendation state snapshot {}: {} keys, {} bytes in {} ms", o.snapshotId(), o.keys(),
                o.bytes(), System.currentTimeMillis() - started);
          }
        })
        .onFailure(e -> LOG.warn("recommendation state snapshot failed: {}", e.toString()));
    snapshotting = run;
    return run;
  }

  public StateSnapshots snapshots() {
    return snapshots;
  }

  /** Stops the timer and takes the clean-shutdown snapshot (after the consumers stopped, so it is complete). */
  public Future<Void> close() {
    vertx.cancelTimer(snapshotTimer);
    return snapshotting.transform(v -> snapshotNow()).<Void>mapEmpty().otherwiseEmpty();
  }
}
