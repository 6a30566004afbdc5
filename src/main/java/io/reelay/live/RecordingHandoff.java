package io.reelay.live;

import io.reelay.catalog.CatalogService;
import io.reelay.catalog.VideoDraft;
import io.reelay.catalog.Visibility;
import io.reelay.node.ContentIntake;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a finished broadcast's recording into a video of the streamer's, through the same intake as an upload
 * (stored, probed, transcoded into the VOD ladder). The broadcast's directory is removed once the recording is
 * safe in the storage (moved there), or when there was nothing worth keeping.
 */
final class RecordingHandoff {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingHandoff.class);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final CatalogService catalog;
  private final ContentIntake intake;
  private final WorkerExecutor io;

  RecordingHandoff(CatalogService catalog, ContentIntake intake, WorkerExecutor io) {
    this.catalog = catalog;
    this.intake = intake;
    this.io = io;
  }

  /** The id of the video the recording became, or null when there was nothing to record. */
  Future<String> handOff(LiveStream stream, long startedAtMs, RecordingWriter recording) {
    Path sessionDir = recording.file().getParent();
    if (recording.segments() == 0) {
      return removeDir(sessionDir).map((String) null);
    }
    String title = stream.title() + " (live " + WHEN.format(java.time.Instant.ofEpochMilli(startedAtMs)) + ")";
    String trimmed = title.length() > StreamService.MAX_TITLE ? stream.title() : title;
    return catalog.createVideo(stream.ownerId(), new VideoDraft(trimmed, "", List.of("live"), Visibility.PUBLIC))
        .compose(video -> intake.submit(video.id(), recording.file())
            .compose(v -> removeDir(sessionDir))
            .map(video.id()))
        .onFailure(e -> LOG.warn("recording {} of stream {} was not handed off; it stays at {}: {}",
            recording.file().getFileName(), stream.id(), recording.file(), e.toString()));
  }

  private Future<Void> removeDir(Path dir) {
    return io.executeBlocking(() -> {
      if (Files.exists(dir)) {
        try (Stream<Path> all = Files.walk(dir)) {
          for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
      return null;
    }, false).recover(e -> {
      LOG.warn("live directory {} not removed: {}", dir, e.toString());
      return Future.succeededFuture();
    }).mapEmpty();
  }
}
