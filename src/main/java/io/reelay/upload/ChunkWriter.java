package io.reelay.upload;

import io.reelay.node.http.RequestTrailers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import java.security.MessageDigest;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one request body (a PATCH, or the body of a creation-with-upload POST) into an upload's file at
 * its acknowledged offset, and acknowledges it: verify the checksum if any, fsync, then advance the offset
 * in PostgreSQL. A body cut short by the client is kept up to where it stopped, unless it carried a
 * checksum (which can then not be verified). The caller holds the upload's lock.
 */
final class ChunkWriter {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkWriter.class);
  /**
   * Bytes of one upload queued for the disk before the request is paused: enough to keep the disk busy while
   * the socket is read, small enough that memory stays flat however large the chunk or the file.
   */
  private static final int WRITE_QUEUE_BYTES = 1 << 20;

  private final Vertx vertx;
  private final WorkerExecutor io;
  private final UploadStore store;
  private final UploadFiles files;
  private final ContentDigests digests;
  private final UploadSettings settings;
  private final UploadMetrics metrics;

  ChunkWriter(Vertx vertx, WorkerExecutor io, UploadStore store, UploadFiles files, ContentDigests digests,
      UploadSettings settings, UploadMetrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.io = io;
    this.store = store;
    this.files = files;
    this.digests = digests;
    this.settings = settings;
  }

  /** What the request asks of the chunk, from its headers. */
  record Chunk(Long contentLength, UploadChecksum checksum, boolean checksumInTrailer) {}

  /** Writes the body and returns the upload at its new acknowledged offset. */
  Future<Upload> write(Upload upload, HttpServerRequest request, Chunk chunk) {
    long room = (upload.lengthKnown() ? upload.length() : settings.maxBytes()) - upload.offset();
    if (chunk.contentLength() != null && chunk.contentLength() > room) {
      return Future.failedFuture(new TusException(413, "the body (" + chunk.contentLength()
          + " bytes) goes past the upload's length; " + room + " bytes remain"));
    }
    boolean hashContent = upload.concat().kind() != UploadConcat.Kind.PARTIAL;
    Future<MessageDigest> contentDigest = hashContent ? contentDigestAt(upload) : Future.succeededFuture(null);
    return contentDigest.compose(digest -> io.<Void>executeBlocking(() -> {
      files.prepareForWrite(upload.id(), upload.offset());
      return null;
    }, false).compose(v -> vertx.fileSystem().open(files.path(upload.id()).toString(), new OpenOptions().setWrite(true)))
        .compose(file -> receive(upload, request, chunk, room, digest, file)));
  }

  private Future<Upload> receive(Upload upload, HttpServerRequest request, Chunk chunk, long room,
      MessageDigest contentDigest, AsyncFile file) {
    file.setWritePos(upload.offset()).setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      // Clients like curl wait for this before sending a large body; it comes only once the chunk is accepted.
      request.response().writeContinue();
    }
    MessageDigest checksumDigest = chunk.checksum() != null ? chunk.checksum().newDigest() : null;
    ChunkSink sink = new ChunkSink(file, room, contentDigest, checksumDigest);
    metrics.writeStarted();
    return request.pipe().endOnComplete(false).to(sink)
        .eventually(() -> {
          metrics.writeEnded();
          return Future.succeededFuture();
        })
        .transform(piped -> sink.settled().eventually(file::close).transform(settled -> {
          if (settled.failed()) {
            LOG.error("writing upload {} failed", upload.id(), settled.cause());
            return Future.failedFuture(settled.cause());
          }
          if (piped.failed() && piped.cause() instanceof TusException refused) {
            return Future.failedFuture(refused);
          }
          boolean complete = piped.succeeded();
          if (!complete && (chunk.checksum() != null || chunk.checksumInTrailer())) {
            return Future.failedFuture(new TusException(460, "the body was cut short; its checksum cannot be verified"));
          }
          return verify(upload, request, chunk, checksumDigest, sink.written())
              .compose(v -> acknowledge(upload, sink.written(), contentDigest));
        }));
  }

  private Future<Void> verify(Upload upload, HttpServerRequest request, Chunk chunk, MessageDigest streamed, long written) {
    if (chunk.checksum() != null) {
      return chunk.checksum().matches(streamed.digest()) ? Future.succeededFuture() : Future.failedFuture(mismatch());
    }
    if (!chunk.checksumInTrailer()) {
      return Future.succeededFuture();
    }
    String trailer = RequestTrailers.take(request, Tus.UPLOAD_CHECKSUM);
    if (trailer == null) {
      return Future.failedFuture(new TusException(460, "the Upload-Checksum trailer announced in 'Trailer' never came"));
    }
    UploadChecksum checksum;
    try {
      checksum = UploadChecksum.parse(trailer);
    } catch (TusException e) {
      return Future.failedFuture(e);
    }
    // The algorithm is known only now: hash the chunk again from the file (it is still in the page cache).
    return io.executeBlocking(() -> {
      MessageDigest digest = checksum.newDigest();
      files.digestRange(upload.id(), upload.offset(), written, digest);
      return checksum.matches(digest.digest());
    }, false).compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture(mismatch()));
  }

  private TusException mismatch() {
    metrics.checksumMismatch();
    return new TusException(460, "checksum mismatch: the chunk was discarded and the offset is unchanged");
  }

  private Future<Upload> acknowledge(Upload upload, long written, MessageDigest contentDigest) {
    Instant expiry = Instant.now().plus(settings.expiry());
    if (written == 0) {
      return Future.succeededFuture(upload);
    }
    long newOffset = upload.offset() + written;
    return io.<Void>executeBlocking(() -> {
      files.sync(upload.id());
      return null;
    }, false).compose(v -> store.advance(upload.id(), upload.offset(), newOffset, upload.length(), expiry))
        .compose(advanced -> {
          if (!advanced) {
            return Future.failedFuture(TusException.gone("changed while the chunk was written (terminated or expired)"));
          }
          if (contentDigest != null) {
            digests.remember(upload.id(), newOffset, contentDigest);
          }
          metrics.acknowledged(written);
          return Future.succeededFuture(upload.withProgress(newOffset, upload.length(), expiry));
        });
  }

  /**
   * A copy of the content hash state at the upload's acknowledged offset, rebuilt from the file when this node
   * does not have it (after a restart or an ownership move).
   */
  Future<MessageDigest> contentDigestAt(Upload upload) {
    MessageDigest resumed = digests.resume(upload.id(), upload.offset());
    if (resumed != null) {
      return Future.succeededFuture(resumed);
    }
    return io.executeBlocking(() -> {
      MessageDigest digest = ContentDigests.newSha256();
      files.digestRange(upload.id(), 0, upload.offset(), digest);
      return digest;
    }, false);
  }
}
