package io.reelay.media;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A transcode writes into a hidden staging directory beside the output directory and renames it into place
 * when everything is written: the output directory is never seen half written (playback may serve it at
 * any time), and a failure leaves only the staging directory to delete.
 */
final class OutputDirectory {

  private OutputDirectory() {
  }

  static Path stage(Path outDir) throws TranscodeException {
    Path abs = outDir.toAbsolutePath();
    Path staging = abs.resolveSibling("." + abs.getFileName() + ".partial-" + UUID.randomUUID());
    try {
      return Files.createDirectories(staging);
    } catch (IOException e) {
      throw new TranscodeException("could not create the output directory", e);
    }
  }

  /** Replaces {@code outDir} (and whatever it held) by {@code staging}. */
  static void publish(Path staging, Path outDir) throws TranscodeException {
    Path abs = outDir.toAbsolutePath();
    Path old = abs.resolveSibling("." + abs.getFileName() + ".old-" + UUID.randomUUID());
    try {
      if (Files.exists(abs)) {
        Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.move(staging, abs, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staging, abs);
      }
    } catch (IOException e) {
      throw new TranscodeException("could not write the output directory", e);
    } finally {
      delete(old);
    }
  }

  /** Deletes a directory tree, best effort (what is left is garbage, not a failure of the caller). */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }
}
