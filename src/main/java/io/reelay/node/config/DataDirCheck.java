package io.reelay.node.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fails early, with the key named, when a directory (data dir, storage dir) cannot be created or written. */
final class DataDirCheck {

  private DataDirCheck() {}

  static void requireWritable(String key, Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Path probe = Files.createTempFile(dataDir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new ConfigException(key, dataDir.toAbsolutePath() + " is not writable (" + e + ")");
    }
  }
}
