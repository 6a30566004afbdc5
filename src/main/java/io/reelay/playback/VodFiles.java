package io.reelay.playback;

import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a requested file in a video's HLS tree, {@code <storageDir>/<mediaPath>/hls/}, on a worker
 * (the storage dir may be a network mount). The names are already plain ({@link VodPath}); this adds
 * the checks that need the file system: the normalised path stays under {@code hls/}, and so does its
 * real path, so a symbolic link can never lead outside. The real path is what gets sent, so the file
 * checked is the file served.
 */
final class VodFiles {

  private static final Logger LOG = LoggerFactory.getLogger(VodFiles.class);
  static final String HLS_DIR = "hls";

  /** A regular file inside the tree: its real path, size and modification time. */
  record VodFile(Path path, long size, long modifiedMillis) {}

  private final Path storageDir;
  private final WorkerExecutor io;

  VodFiles(Path storageDir, WorkerExecutor io) {
    this.storageDir = storageDir.toAbsolutePath().normalize();
    this.io = io;
  }

  /** Fails with a 404 {@link ApiException} when the tree or the file is missing or the path leaves the tree. */
  Future<VodFile> resolve(String videoId, String mediaPath, List<String> names) {
    if (mediaPath == null) { // ready, yet its content is gone (deleted meanwhile)
      return Future.failedFuture(new ApiException(404, "not_found", "video " + videoId + " has no playback files"));
    }
    return io.executeBlocking(() -> {
      Path hls = storageDir.resolve(mediaPath).resolve(HLS_DIR).normalize();
      if (!hls.startsWith(storageDir) || !Files.isDirectory(hls)) {
        throw new ApiException(404, "not_found", "video " + videoId + " has no playback files");
      }
      Path file = hls;
      for (String name : names) {
        file = file.resolve(name);
      }
      file = file.normalize();
      if (!file.startsWith(hls)) {
        throw noSuchFile(videoId, names);
      }
      Path real = file.toRealPath();
      if (!real.startsWith(hls.toRealPath())) {
        LOG.warn("refused {}: its real path {} is outside the video's HLS tree", file, real);
        throw noSuchFile(videoId, names);
      }
      BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        throw noSuchFile(videoId, names);
      }
      return new VodFile(real, attrs.size(), attrs.lastModifiedTime().toMillis());
    }, false).recover(e -> Future.failedFuture(notThere(videoId, names, e)));
  }

  /**
   * Missing (or removed between the checks: the content was deleted meanwhile), a file used as a directory,
   * a link loop, no permission: for the client, all the same absent file. The unexpected ones are logged (at debug: clients can cause them at will).
   */
  private static Throwable notThere(String videoId, List<String> names, Throwable e) {
    if (!(e instanceof FileSystemException)) {
      return e;
    }
    if (!(e instanceof NoSuchFileException)) {
      LOG.debug("cannot serve {} of video {}: {}", String.join("/", names), videoId, e.toString());
    }
    return noSuchFile(videoId, names);
  }

  private static ApiException noSuchFile(String videoId, List<String> names) {
    return new ApiException(404, "not_found", "video " + videoId + " has no file " + String.join("/", names));
  }
}
