package io.reelay.upload;

import io.reelay.catalog.CatalogService;
import io.reelay.node.ContentIntake;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** {@link ContentIntake} for files made inside Reelay: hashed on a worker, then stored and announced as an upload is. */
final class FileIntake implements ContentIntake {

  private static final int READ_BYTES = 1 << 20;

  private final WorkerExecutor io;
  private final CatalogService catalog;
  private final ContentAnnouncer announcer;

  FileIntake(WorkerExecutor io, CatalogService catalog, ContentAnnouncer announcer) {
    this.io = io;
    this.catalog = catalog;
    this.announcer = announcer;
  }

  @Override
  public Future<Void> submit(String videoId, Path file) {
    return io.executeBlocking(() -> new long[] {Files.size(file)}, false)
        .compose(size -> io.executeBlocking(() -> sha256(file), false)
            .compose(hash -> catalog.attachContent(videoId, hash, size[0], file)))
        .onSuccess(outcome -> announcer.announce(videoId, outcome))
        .mapEmpty();
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = ContentDigests.newSha256();
    byte[] buffer = new byte[READ_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
