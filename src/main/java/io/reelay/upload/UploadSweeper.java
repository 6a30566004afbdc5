package io.reelay.upload;

import io.reelay.catalog.CatalogService;
import io.reelay.node.cluster.PartitionRouter;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic upkeep, on every node: expires idle uploads (their videos fail), removes the files of expired and
 * terminated uploads (including those of deleted videos), and finishes what a stopped node left undone:
 * completions, final assemblies and probes (each on the node that owns the key). Every step is idempotent,
 * so nodes sweeping at once do no harm.
 */
final class UploadSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(UploadSweeper.class);
  private static final int BATCH = 500;
  /** A completion normally takes milliseconds; one this old was interrupted. */
  private static final int STALLED_AFTER_SECONDS = 30;

  private final PartitionRouter router;
  private final WorkerExecutor io;
  private final UploadStore store;
  private final UploadFiles files;
  private final ContentDigests digests;
  private final UploadService uploads;
  private final CatalogService catalog;
  private final UploadCompleter completer;
  private boolean running;

  UploadSweeper(PartitionRouter router, WorkerExecutor io, UploadStore store, UploadFiles files,
      ContentDigests digests, UploadService uploads, CatalogService catalog, UploadCompleter completer) {
    this.router = router;
    this.io = io;
    this.store = store;
    this.files = files;
    this.digests = digests;
    this.uploads = uploads;
    this.catalog = catalog;
    this.completer = completer;
  }

  /** One pass; a pass still running when the timer fires again is not overlapped. */
  Future<Void> sweep() {
    if (running) {
      return Future.succeededFuture();
    }
    running = true;
    return store.expireDue(BATCH)
        .compose(expired -> {
          expired.forEach(u -> digests.forget(u.id()));
          return Future.join(expired.stream()
              .filter(u -> u.videoId() != null)
              .map(u -> catalog.markFailed(u.videoId(), "the upload expired before it was finished"))
              .toList());
        })
        .compose(v -> store.unreclaimed(BATCH))
        .compose(this::removeFiles)
        .compose(v -> store.stalledCompletions(STALLED_AFTER_SECONDS, BATCH))
        .compose(stalled -> Future.join(stalled.stream()
            .filter(u -> router.isLocal(Upload.key(u.id())))
            .map(uploads::resumeCompletion)
            .toList()))
        .compose(v -> store.pendingFinals(STALLED_AFTER_SECONDS, BATCH))
        .compose(finals -> Future.join(finals.stream()
            .filter(id -> router.isLocal(Upload.key(id)))
            .map(uploads::assembleIfReady)
            .toList()))
        .compose(v -> catalog.unprobedMedia(STALLED_AFTER_SECONDS, BATCH))
        .onSuccess(unprobed -> unprobed.stream()
            .filter(m -> router.isLocal("media:" + m.contentHash()))
            .forEach(m -> completer.probe(null, m)))
        .<Void>mapEmpty()
        .onFailure(e -> LOG.warn("upload sweep failed: {}", e.toString()))
        .eventually(() -> {
          running = false;
          return Future.succeededFuture();
        });
  }

  private Future<Void> removeFiles(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return io.<Void>executeBlocking(() -> {
      ids.forEach(files::delete);
      return null;
    }, false).compose(v -> store.markFilesRemoved(ids));
  }
}
