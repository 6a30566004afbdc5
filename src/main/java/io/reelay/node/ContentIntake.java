package io.reelay.node;

import io.vertx.core.Future;
import java.nio.file.Path;

/**
 * Takes a finished media file in as a video's content, the way a completed upload is: stored once per content
 * (moved into the storage dir), probed, and announced with {@code video.uploaded} so it is transcoded. Offered by
 * the upload capability to the others (a live recording becomes a video this way).
 */
public interface ContentIntake {

  /**
   * Stores {@code file} (on the storage dir's file system; moved, not copied) as the content of {@code videoId},
   * a video still waiting for its content. Completes once it is stored; the probe and the announcement follow.
   */
  Future<Void> submit(String videoId, Path file);
}
