package io.reelay.upload;

import io.reelay.catalog.CatalogService;
import io.reelay.catalog.ContentOutcome;
import io.reelay.catalog.StoredMedia;
import io.reelay.media.MediaInfo;
import io.reelay.media.MediaProbe;
import io.reelay.media.UnplayableMediaException;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once every byte of an upload is in. A partial upload may let a final concatenation be
 * assembled. Otherwise the content (identified by its SHA-256) is handed to the catalog, which keeps one
 * copy per content; new content is then probed on a worker, and playable videos are announced with
 * {@code video.uploaded} while unplayable ones fail with the probe's reason.
 */
final class UploadCompleter {

  private static final Logger LOG = LoggerFactory.getLogger(UploadCompleter.class);

  private final WorkerExecutor probeWorkers;
  private final UploadStore store;
  private final UploadFiles files;
  private final ContentDigests digests;
  private final CatalogService catalog;
  private final UploadEvents events;
  private final Consumer<String> assemblyRequests;
  private final UploadMetrics metrics;

  /** @param assemblyRequests asks the owner of a final concatenation to assemble it now if it can */
  UploadCompleter(WorkerExecutor probeWorkers, UploadStore store, UploadFiles files, ContentDigests digests,
      CatalogService catalog, UploadEvents events, Consumer<String> assemblyRequests, UploadMetrics metrics) {
    this.metrics = metrics;
    this.probeWorkers = probeWorkers;
    this.store = store;
    this.files = files;
    this.digests = digests;
    this.catalog = catalog;
    this.events = events;
    this.assemblyRequests = assemblyRequests;
  }

  /**
   * Completes a finished upload; the caller holds its lock. Succeeds once the content is stored under the
   * video (the probe and the announcement follow in the background).
   *
   * @param contentDigest the SHA-256 state over all of the upload's bytes; unused for partial uploads
   */
  Future<Void> complete(Upload upload, MessageDigest contentDigest) {
    if (upload.concat().kind() == UploadConcat.Kind.PARTIAL) {
      return store.markCompleted(upload.id())
          .compose(v -> store.finalsContaining(upload.id()))
          .onSuccess(finals -> finals.forEach(assemblyRequests))
          .mapEmpty();
    }
    String hash = HexFormat.of().formatHex(contentDigest.digest());
    return catalog.attachContent(upload.videoId(), hash, upload.length(), files.path(upload.id()))
        .compose(outcome -> store.markCompleted(upload.id()).map(outcome))
        .onSuccess(outcome -> {
          digests.forget(upload.id());
          metrics.completed(outcome.deduplicated());
          announce(upload.videoId(), outcome);
        })
        .<Void>mapEmpty()
        .recover(e -> {
          if (e instanceof ApiException api && api.status() == 409) {
            // The video already has its content: a completion resumed after the first one stored it.
            digests.forget(upload.id());
            return store.markCompleted(upload.id());
          }
          if (e instanceof ApiException api && api.status() == 410) {
            // The video was deleted while its last bytes arrived: nothing to keep.
            digests.forget(upload.id());
            return store.terminate(upload.id()).<Void>mapEmpty()
                .compose(v -> Future.failedFuture(TusException.gone("belongs to a video that was deleted")));
          }
          return Future.failedFuture(e);
        });
  }

  private void announce(String videoId, ContentOutcome outcome) {
    StoredMedia media = outcome.media();
    if (!outcome.deduplicated()) {
      probe(videoId, media);
    } else if (media.infoOrNull() != null) {
      events.videoUploaded(videoId, media.contentHash(), media.sourceFile(), media.sizeBytes(), media.infoOrNull(), true);
    }
    // Else the first upload of these bytes is still being probed; its probe announces this video too.
  }

  /** Probes stored content and announces every video that has it; {@code videoId} brought it, or is null. */
  void probe(String videoId, StoredMedia media) {
    probeWorkers.<MediaInfo>executeBlocking(() -> MediaProbe.probe(media.sourceFile()), false)
        .onSuccess(info -> catalog.recordProbe(media.contentHash(), info)
            .onSuccess(videoIds -> announceAll(videoId, videoIds, media, info)))
        .onFailure(e -> {
          String reason = e instanceof UnplayableMediaException ? e.getMessage() : "the file could not be probed: " + e;
          LOG.info("content {} is not a playable video: {}", media.contentHash(), reason);
          catalog.rejectContent(media.contentHash(), reason);
        });
  }

  /** Announces the video that brought the content and any that deduplicated onto it during the probe. */
  private void announceAll(String firstVideoId, List<String> videoIds, StoredMedia media, MediaInfo info) {
    for (String id : videoIds) {
      boolean deduplicated = firstVideoId != null && !id.equals(firstVideoId);
      events.videoUploaded(id, media.contentHash(), media.sourceFile(), media.sizeBytes(), info, deduplicated);
    }
  }
}
