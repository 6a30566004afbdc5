package io.reelay.upload;

import io.reelay.catalog.CatalogService;
import io.reelay.catalog.ContentOutcome;
import io.reelay.catalog.StoredMedia;
import io.reelay.media.MediaInfo;
import io.reelay.media.MediaProbe;
import io.reelay.media.UnplayableMediaException;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows once content is stored under a video: new content is probed on a worker, and playable videos are
 * announced with {@code video.uploaded} while unplayable ones fail with the probe's reason. Content already
 * stored (deduplicated) is announced at once if its probe is done.
 */
final class ContentAnnouncer {

  private static final Logger LOG = LoggerFactory.getLogger(ContentAnnouncer.class);

  private final WorkerExecutor probeWorkers;
  private final CatalogService catalog;
  private final UploadEvents events;

  ContentAnnouncer(WorkerExecutor probeWorkers, CatalogService catalog, UploadEvents events) {
    this.probeWorkers = probeWorkers;
    this.catalog = catalog;
    this.events = events;
  }

  void announce(String videoId, ContentOutcome outcome) {
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
