package io.reelay.catalog;

import io.reelay.node.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media directories under the storage dir: {@code media/<hash[0..2]>/<hash>-<random>/source}, with
 * transcode outputs alongside, so removing media is removing its directory. File work runs on
 * worker threads. Clean-ups after a commit only log failures: the database is already right.
 */
final class MediaFiles {

  private static final Logger LOG = LoggerFactory.getLogger(MediaFiles.class);
  private static final String SOURCE = "source";

  private final Vertx vertx;
  private final Path storageDir;
  private final Path mediaRoot;

  MediaFiles(Vertx vertx, Path storageDir) {
    this.vertx = vertx;
    this.storageDir = storageDir.toAbsolutePath().normalize();
    this.mediaRoot = this.storageDir.resolve("media");
  }

  /** A fresh directory for these bytes; random, so it never collides with an older copy's. */
  static String newPath(String contentHash) {
    return "media/" + contentHash.substring(0, 2) + "/" + contentHash + "-" + Ids.random(6);
  }

  Path source(String path) {
    return storageDir.resolve(path).resolve(SOURCE);
  }

  /** Renames the staged upload into place (same file system, so atomic and without copying). */
  Future<Void> moveIn(Path staged, String path) {
    Path source = source(path);
    return vertx.executeBlocking(() -> {
      Files.createDirectories(source.getParent());
      Files.move(staged, source, StandardCopyOption.ATOMIC_MOVE);
      return null;
    }, false);
  }

  /** Undoes {@link #moveIn} when the transaction did not commit, so the upload can be attached again. */
  Future<Void> moveBack(String path, Path staged) {
    return quietly("restore " + staged, () -> {
      Files.move(source(path), staged, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(storageDir.resolve(path));
    });
  }

  Future<Void> deleteDir(String path) {
    return quietly("delete " + path, () -> deleteTree(storageDir.resolve(path)));
  }

  Future<Void> deleteFile(Path file) {
    return quietly("delete " + file, () -> Files.deleteIfExists(file));
  }

  private void deleteTree(Path dir) throws IOException {
    // A corrupt row must never make us delete outside the media tree.
    if (!dir.normalize().startsWith(mediaRoot) || dir.normalize().equals(mediaRoot)) {
      throw new IOException("refusing to delete " + dir + ": not a media directory");
    }
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }

  private interface FileWork {
    void run() throws IOException;
  }

  private Future<Void> quietly(String what, FileWork work) {
    return vertx.<Void>executeBlocking(() -> {
      work.run();
      return null;
    }, false).recover(e -> {
      LOG.warn("could not {}: {}", what, e.toString());
      return Future.succeededFuture();
    });
  }
}
