package io.reelay.transcode;

import io.reelay.catalog.CatalogService;
import io.reelay.node.cluster.PartitionRouter;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns stored videos into transcode jobs and gets each job run by the owner of its {@code video:<id>} key:
 * one job per content (a second video with the same bytes gets the first one's output, no second job),
 * recovery of jobs whose node died or whose announcement was lost, and an admin's requeue.
 */
final class TranscodeService {

  static final String CAPABILITY = "transcode";
  private static final Logger LOG = LoggerFactory.getLogger(TranscodeService.class);
  private static final int BATCH = 100;

  private final PartitionRouter router;
  private final JobStore store;
  private final CatalogService catalog;
  private final TranscodeScheduler scheduler;

  TranscodeService(PartitionRouter router, JobStore store, CatalogService catalog, TranscodeScheduler scheduler) {
    this.router = router;
    this.store = store;
    this.catalog = catalog;
    this.scheduler = scheduler;
  }

  /** {@code video.uploaded}, seen by every node: the owner of the video's key acts on it. */
  void onUploaded(JsonObject event) {
    String videoId = event.getString("videoId");
    String hash = event.getString("contentHash");
    if (videoId == null || hash == null || !router.isLocal("video:" + videoId)) {
      return;
    }
    store.create(hash, videoId).compose(created -> {
      if (created) {
        scheduler.submit(hash);
        return Future.succeededFuture();
      }
      return store.find(hash).compose(job -> job.map(this::joinExisting).orElse(Future.succeededFuture()));
    }).onFailure(e -> LOG.warn("could not create the transcode job of {}: {}", videoId, e.toString()));
  }

  /** Same bytes as an earlier video: share its finished output or its failure; a running job covers it. */
  private Future<Void> joinExisting(TranscodeJob job) {
    return switch (job.state()) {
      case DONE -> catalog.contentReady(job.contentHash(), null).mapEmpty();
      case FAILED -> catalog.contentFailed(job.contentHash(), job.error()).mapEmpty();
      case QUEUED, RUNNING -> Future.succeededFuture();
    };
  }

  /** Runs a job on this node (the owner asked over the event bus). */
  void run(String contentHash) {
    scheduler.submit(contentHash);
  }

  /** Admin: start the content's transcode over; 409 while it runs. */
  Future<JsonObject> requeue(String videoId, String contentHash) {
    return store.create(contentHash, videoId)
        .compose(created -> created ? store.find(contentHash) : store.requeue(contentHash))
        .compose(job -> job.isEmpty()
            ? Future.failedFuture(new ApiException(409, "conflict", "the video's transcode is running"))
            : catalog.contentProcessing(contentHash).compose(ids -> dispatch(job.get())).map(job.get().toJson()));
  }

  /** Sends the job to its owner node, which runs it. */
  private Future<Void> dispatch(TranscodeJob job) {
    return router.request(CAPABILITY, job.ownerKey(), new JsonObject().put("op", "run").put("contentHash", job.contentHash()), null)
        .mapEmpty();
  }

  /**
   * Periodic, on every node: runs the waiting jobs this node owns (queued, or left by a node that stopped
   * sending heartbeats), and creates the jobs of videos whose announcement never arrived.
   */
  Future<Void> recover() {
    return store.waiting(JobSettings.STALE_SECONDS, BATCH)
        .onSuccess(jobs -> jobs.stream().filter(j -> router.isLocal(j.ownerKey()))
            .forEach(j -> scheduler.submit(j.contentHash())))
        .compose(v -> store.orphanedContent(JobSettings.STALE_SECONDS, BATCH))
        .compose(orphans -> Future.join(orphans.stream()
            .filter(o -> router.isLocal("video:" + o[1]))
            .map(o -> store.create(o[0], o[1]).onSuccess(created -> {
              if (created) {
                scheduler.submit(o[0]);
              }
            }))
            .toList()))
        .<Void>mapEmpty()
        .onFailure(e -> LOG.warn("transcode recovery failed: {}", e.toString()));
  }
}
