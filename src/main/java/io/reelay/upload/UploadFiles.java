package io.reelay.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;

/**
 * The files of unfinished uploads, {@code <storageDir>/uploads/<id>}. Every method blocks: call them on a
 * worker thread.
 */
final class UploadFiles {

  private static final int COPY_BUFFER = 1 << 20;

  private final Path dir;

  UploadFiles(Path storageDir) {
    this.dir = storageDir.resolve("uploads");
  }

  Path path(String uploadId) {
    return dir.resolve(uploadId);
  }

  /**
   * Makes the file exactly {@code offset} bytes long before a PATCH writes at {@code offset}: bytes past the
   * acknowledged offset (a chunk that was discarded, or written before a crash but never acknowledged) go.
   */
  void prepareForWrite(String uploadId, long offset) {
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(path(uploadId), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        long size = ch.size();
        if (size < offset) {
          throw new IllegalStateException("upload " + uploadId + " has " + size + " bytes on disk but " + offset
              + " acknowledged; the storage dir lost data");
        }
        if (size > offset) {
          ch.truncate(offset);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** fsync: once this returns, the file's bytes survive a crash of the process or the machine. */
  void sync(String uploadId) {
    try (FileChannel ch = FileChannel.open(path(uploadId), StandardOpenOption.WRITE)) {
      ch.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Feeds {@code length} bytes of the upload's file from {@code from} to the digest. */
  void digestRange(String uploadId, long from, long length, MessageDigest digest) {
    try (FileChannel ch = FileChannel.open(path(uploadId), StandardOpenOption.READ)) {
      ch.position(from);
      copy(ch, length, digest, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the parts' files one after another into the target's file, hashing what it writes, then fsyncs. */
  void concatenate(String targetId, List<String> partIds, MessageDigest digest) {
    try {
      Files.createDirectories(dir);
      try (FileChannel out = FileChannel.open(path(targetId), StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        for (String partId : partIds) {
          try (FileChannel in = FileChannel.open(path(partId), StandardOpenOption.READ)) {
            copy(in, in.size(), digest, out);
          }
        }
        out.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(String uploadId) {
    try {
      Files.deleteIfExists(path(uploadId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(FileChannel in, long length, MessageDigest digest, FileChannel outOrNull) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocateDirect(COPY_BUFFER);
    long remaining = length;
    while (remaining > 0) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
      int n = in.read(buffer);
      if (n < 0) {
        throw new IOException("file ended " + remaining + " bytes early");
      }
      remaining -= n;
      buffer.flip();
      digest.update(buffer.duplicate());
      while (outOrNull != null && buffer.hasRemaining()) {
        outOrNull.write(buffer);
      }
    }
  }
}
