package io.reelay.upload;

import io.reelay.catalog.CatalogService;
import io.reelay.catalog.ContentOutcome;
import io.reelay.catalog.StoredMedia;
import io.reelay.node.ServerEvents;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * What happens once every byte of an upload is in. A partial upload may let a final concatenation be
 * assembled. Otherwise the content (identified by its SHA-256) is handed to the catalog, which keeps one
 * copy per content; new content is then probed on a worker, and playable videos are announced with
 * {@code video.uploaded} while unplayable ones fail with the probe's reason.
 */
final class UploadCompleter {

  private final UploadStore store;
  private final UploadFiles files;
  private final ContentDigests digests;
  private final CatalogService catalog;
  private final ContentAnnouncer announcer;
  private final Consumer<String> assemblyRequests;
  private final UploadMetrics metrics;
  private final ServerEvents serverEvents;

  /** @param assemblyRequests asks the owner of a final concatenation to assemble it now if it can */
  UploadCompleter(UploadStore store, UploadFiles files, ContentDigests digests, CatalogService catalog,
      ContentAnnouncer announcer, Consumer<String> assemblyRequests, UploadMetrics metrics, ServerEvents serverEvents) {
    this.metrics = metrics;
    this.serverEvents = serverEvents;
    this.store = store;
    this.files = files;
    this.digests = digests;
    this.catalog = catalog;
    this.announcer = announcer;
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
          serverEvents.uploaded(upload.ownerId(), upload.videoId());
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
    announcer.announce(videoId, outcome);
  }

  /** Probes stored content and announces every video that has it; {@code videoId} brought it, or is null. */
  void probe(String videoId, StoredMedia media) {
    announcer.probe(videoId, media);
  }
}
