package io.reelay.node.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Where the bundled server binaries are unpacked: {@code <dataDir>/bin/<name>}. */
final class BinDir {

  private BinDir() {
  }

  /**
   * The parent is owner-only because zonky makes its working dir world-writable; without this any
   * local user could swap the binaries that we then run, possibly as root.
   */
  static Path of(Path dataDir, String name) throws IOException {
    Path bin = Files.createDirectories(dataDir.resolve("bin"));
    if (Files.getFileStore(bin).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
    }
    return Files.createDirectories(bin.resolve(name));
  }
}
