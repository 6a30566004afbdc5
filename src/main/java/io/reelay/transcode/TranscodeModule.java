package io.reelay.transcode;

import io.reelay.catalog.CatalogService;
import io.reelay.node.auth.AccessGuard;
import io.reelay.node.cluster.PartitionRouter;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.storage.Storage;
import io.reelay.upload.UploadEvents;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * The transcode capability, wired: the job scheduler on a bounded worker pool, the node's consumers of
 * {@code video.uploaded} and of progress (for SSE), its routed-request consumer ("run this job"), the
 * recovery sweep, and the routes.
 */
public final class TranscodeModule {

  private static final long RECOVERY_INTERVAL_MS = 5_000;

  private final Vertx vertx;
  private final TranscodeRoutes routes;
  private final TranscodeScheduler scheduler;
  private final WorkerExecutor workers;
  private final MessageConsumer<JsonObject> uploads;
  private final MessageConsumer<JsonObject> progress;
  private final long recoveryTimer;

  private TranscodeModule(Vertx vertx, TranscodeRoutes routes, TranscodeScheduler scheduler, WorkerExecutor workers,
      MessageConsumer<JsonObject> uploads, MessageConsumer<JsonObject> progress, long recoveryTimer) {
    this.vertx = vertx;
    this.routes = routes;
    this.scheduler = scheduler;
    this.workers = workers;
    this.uploads = uploads;
    this.progress = progress;
    this.recoveryTimer = recoveryTimer;
  }

  public static Future<TranscodeModule> start(Vertx vertx, PartitionRouter router, Storage storage,
      CatalogService catalog, AccessGuard guard, JobSettings settings) {
    Context context = vertx.getOrCreateContext();
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("reelay-transcode", settings.concurrentJobs(),
        // A job may run for hours: never report its thread as blocked.
        Long.MAX_VALUE);
    JobStore store = new JobStore(storage.pg());
    TranscodeScheduler scheduler = new TranscodeScheduler(vertx, context, workers, store, catalog, settings,
        router.localNodeId());
    TranscodeService service = new TranscodeService(router, store, catalog, scheduler);
    ProgressStreams streams = new ProgressStreams();
    MessageConsumer<JsonObject> uploads = vertx.eventBus().consumer(UploadEvents.VIDEO_UPLOADED,
        message -> service.onUploaded(message.body()));
    MessageConsumer<JsonObject> progress = vertx.eventBus().consumer(TranscodeEvents.PROGRESS,
        message -> streams.publish(message.body()));
    return Future.all(uploads.completion(), progress.completion(),
            router.serve(TranscodeService.CAPABILITY, message -> {
              service.run(message.body().getString("contentHash"));
              message.reply(new JsonObject().put("ok", true));
            }))
        .map(v -> {
          long timer = vertx.setPeriodic(RECOVERY_INTERVAL_MS, id -> service.recover());
          return new TranscodeModule(vertx, new TranscodeRoutes(catalog, service, streams, guard), scheduler,
              workers, uploads, progress, timer);
        });
  }

  public HttpRoutes routes() {
    return routes;
  }

  /** Hands running jobs back (the keys' next owners run them), then releases the workers. */
  public Future<Void> close() {
    vertx.cancelTimer(recoveryTimer);
    return Future.join(uploads.unregister(), progress.unregister())
        .compose(v -> scheduler.stop())
        .eventually(workers::close)
        .mapEmpty();
  }
}
