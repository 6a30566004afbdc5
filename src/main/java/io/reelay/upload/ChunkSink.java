package io.reelay.upload;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Where one PATCH body goes: the upload's file at the acknowledged offset, every byte also fed to the running
 * content hash and to the chunk's checksum. Refuses bytes beyond the upload's length (413). Backpressure is
 * the file's: the request is paused while the file's write queue is full. {@link #settled()} completes when
 * every accepted write has reached the file.
 */
final class ChunkSink implements WriteStream<Buffer> {

  /** Start writing back dirty pages this often, so the fsync that acknowledges the chunk has little left to do. */
  private static final long SYNC_EVERY_BYTES = 32L << 20;

  private final AsyncFile file;
  private final long limit;
  private final MessageDigest contentDigest;
  private final MessageDigest checksumDigest;
  private long written;
  private long unsynced;
  private int pendingWrites;
  private Promise<Void> settled;
  private Throwable writeFailure;

  /**
   * @param contentDigest  null when the upload's content is not hashed (partial uploads)
   * @param checksumDigest null when the PATCH carries no checksum
   */
  ChunkSink(AsyncFile file, long limit, MessageDigest contentDigest, MessageDigest checksumDigest) {
    this.file = file;
    this.limit = limit;
    this.contentDigest = contentDigest;
    this.checksumDigest = checksumDigest;
  }

  long written() {
    return written;
  }

  @Override
  public Future<Void> write(Buffer data) {
    int n = data.length();
    if (written + n > limit) {
      return Future.failedFuture(new TusException(413, "the body goes past the upload's length"));
    }
    written += n;
    digest(data);
    pendingWrites++;
    Future<Void> write = file.write(data).andThen(ar -> {
      if (ar.failed() && writeFailure == null) {
        writeFailure = ar.cause();
      }
      if (--pendingWrites == 0 && settled != null) {
        complete();
      }
    });
    unsynced += n;
    if (unsynced >= SYNC_EVERY_BYTES) {
      unsynced = 0;
      file.flush();
    }
    return write;
  }

  private void digest(Buffer data) {
    if (contentDigest == null && checksumDigest == null) {
      return;
    }
    ByteBuf buf = ((BufferInternal) data).getByteBuf();
    for (ByteBuffer nio : buf.nioBuffers()) {
      if (contentDigest != null) {
        contentDigest.update(nio.duplicate());
      }
      if (checksumDigest != null) {
        checksumDigest.update(nio.duplicate());
      }
    }
  }

  /** Completes when every write accepted so far is in the file, failed if one of them failed. */
  Future<Void> settled() {
    settled = Promise.promise();
    if (pendingWrites == 0) {
      complete();
    }
    return settled.future();
  }

  private void complete() {
    if (writeFailure != null) {
      settled.tryFail(writeFailure);
    } else {
      settled.tryComplete();
    }
  }

  @Override
  public Future<Void> end() {
    return settled();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    file.exceptionHandler(handler);
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    file.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return file.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    file.drainHandler(handler);
    return this;
  }
}
