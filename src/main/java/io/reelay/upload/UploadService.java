package io.reelay.upload;

import io.reelay.catalog.CatalogService;
import io.reelay.catalog.VideoDraft;
import io.reelay.node.Ids;
import io.reelay.node.auth.Principal;
import io.reelay.node.auth.Role;
import io.reelay.node.cluster.PartitionRouter;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The tus operations on uploads, after the HTTP layer has parsed the headers: create, inspect, append,
 * terminate. Requests for an existing upload reach the node that owns {@code upload:<id>}; the locks that
 * give each upload a single writer are that node's.
 */
final class UploadService {

  private final UploadSettings settings;
  private final PartitionRouter router;
  private final WorkerExecutor io;
  private final UploadStore store;
  private final UploadFiles files;
  private final ContentDigests digests;
  private final UploadLocks locks;
  private final CatalogService catalog;
  private final ChunkWriter writer;
  private final UploadCompleter completer;
  private final FinalAssembler assembler;

  UploadService(UploadSettings settings, PartitionRouter router, WorkerExecutor io, UploadStore store,
      UploadFiles files, ContentDigests digests, UploadLocks locks, CatalogService catalog, ChunkWriter writer,
      UploadCompleter completer, FinalAssembler assembler) {
    this.settings = settings;
    this.router = router;
    this.io = io;
    this.store = store;
    this.files = files;
    this.digests = digests;
    this.locks = locks;
    this.catalog = catalog;
    this.writer = writer;
    this.completer = completer;
    this.assembler = assembler;
  }

  UploadSettings settings() {
    return settings;
  }

  /** What a creation request asks for. {@code body} is null when the POST carries no upload data. */
  record Creation(Long length, UploadConcat concat, String rawMetadata, Map<String, String> metadata,
      HttpServerRequest body, ChunkWriter.Chunk chunk) {}

  Future<Upload> create(Principal user, Creation c) {
    Role needed = settings.allowViewers() ? Role.VIEWER : Role.CREATOR;
    if (!user.role().includes(needed)) {
      return Future.failedFuture(new TusException(403, "uploading needs the " + needed.id() + " role"));
    }
    if (c.length() != null && c.length() > settings.maxBytes()) {
      return Future.failedFuture(tooLarge(c.length()));
    }
    if (c.body() != null && c.chunk().contentLength() != null && c.length() != null
        && c.chunk().contentLength() > c.length()) {
      return Future.failedFuture(new TusException(413, "the body is longer than Upload-Length"));
    }
    VideoDraft draft;
    try {
      draft = c.concat().kind() == UploadConcat.Kind.PARTIAL ? null : VideoDraft.fromUploadMetadata(c.metadata());
    } catch (RuntimeException e) {
      return Future.failedFuture(TusException.badRequest(e.getMessage()));
    }
    Future<Long> length = c.concat().kind() == UploadConcat.Kind.FINAL
        ? lengthOfParts(user, c.concat().partIds())
        : Future.succeededFuture(c.length());
    return length
        // A final concatenation's bytes are its parts', already counted when they were created.
        .compose(len -> checkQuota(user, c.concat().kind() == UploadConcat.Kind.FINAL ? null : len).map(len))
        .compose(len -> (draft == null ? Future.<String>succeededFuture(null)
                : catalog.createVideo(user.userId(), draft).map(video -> video.id()))
            .compose(videoId -> {
              Upload upload = new Upload(localUploadId(), user.userId(), videoId, c.concat(), len, 0,
                  c.rawMetadata() == null ? "" : c.rawMetadata(), UploadState.ACTIVE,
                  Instant.now().plus(settings.expiry()));
              return store.insert(upload).map(upload);
            }))
        .compose(upload -> afterCreate(upload, c));
  }

  private Future<Upload> afterCreate(Upload upload, Creation c) {
    if (upload.concat().kind() == UploadConcat.Kind.FINAL) {
      return assembler.assembleIfReady(upload.id()).compose(v -> reload(upload));
    }
    if (c.body() == null && !upload.finished()) {
      return Future.succeededFuture(upload);
    }
    locks.tryAcquire(upload.id()); // a new id: nobody else can hold it yet
    Future<Upload> written = c.body() == null
        ? Future.succeededFuture(upload)
        : writer.write(upload, c.body(), c.chunk()).recover(e -> Future.succeededFuture(upload));
    return written.compose(this::completeIfFinished).eventually(() -> unlock(upload.id()));
  }

  /** HEAD: the upload as stored, for its owner. */
  Future<Upload> inspect(Principal user, String id) {
    return load(user, id).map(u -> u.requireUsable(Instant.now()));
  }

  /** PATCH: appends the body at {@code clientOffset}, setting a deferred length first when given. */
  Future<Upload> append(Principal user, String id, long clientOffset, Long newLength, HttpServerRequest body,
      ChunkWriter.Chunk chunk) {
    if (!locks.tryAcquire(id)) {
      return Future.failedFuture(UploadLocks.locked());
    }
    return load(user, id)
        .map(u -> u.requireUsable(Instant.now()))
        .compose(u -> {
          if (u.concat().kind() == UploadConcat.Kind.FINAL) {
            throw new TusException(403, "a final concatenation is assembled from its parts and cannot be patched");
          }
          if (clientOffset != u.offset()) {
            throw new TusException(409, "Upload-Offset " + clientOffset + " does not match the upload's offset " + u.offset());
          }
          return withLength(user, u, newLength);
        })
        .compose(u -> u.state() == UploadState.COMPLETED ? Future.succeededFuture(u)
            : writer.write(u, body, chunk).compose(this::completeIfFinished))
        .eventually(() -> unlock(id));
  }

  /** DELETE: terminates the upload and frees its space at once. */
  Future<Void> terminate(Principal user, String id) {
    if (!locks.tryAcquire(id)) {
      return Future.failedFuture(UploadLocks.locked());
    }
    return load(user, id)
        .map(u -> u.requireUsable(Instant.now()))
        .compose(u -> store.terminate(id).compose(done -> io.<Void>executeBlocking(() -> {
          files.delete(id);
          return null;
        }, false)).compose(v -> {
          digests.forget(id);
          return u.videoId() != null && u.state() == UploadState.ACTIVE
              ? catalog.markFailed(u.videoId(), "the upload was terminated")
              : Future.<Void>succeededFuture();
        }))
        .eventually(() -> unlock(id));
  }

  /** Completes an upload whose bytes are all in but whose completion did not finish (e.g. the node stopped). */
  Future<Void> resumeCompletion(Upload upload) {
    if (!locks.tryAcquire(upload.id())) {
      return Future.succeededFuture();
    }
    return completeIfFinished(upload).<Void>mapEmpty().eventually(() -> unlock(upload.id()));
  }

  Future<Void> assembleIfReady(String finalId) {
    return assembler.assembleIfReady(finalId);
  }

  private Future<Upload> completeIfFinished(Upload u) {
    if (!u.finished() || u.state() != UploadState.ACTIVE) {
      return Future.succeededFuture(u);
    }
    Future<MessageDigest> digest = u.concat().kind() == UploadConcat.Kind.PARTIAL
        ? Future.succeededFuture(null)
        : writer.contentDigestAt(u);
    return digest.compose(d -> completer.complete(u, d)).compose(v -> reload(u));
  }

  private Future<Upload> withLength(Principal user, Upload u, Long newLength) {
    if (newLength == null) {
      return Future.succeededFuture(u);
    }
    if (u.lengthKnown()) {
      if (!newLength.equals(u.length())) {
        throw TusException.badRequest("Upload-Length is already " + u.length() + " and cannot change");
      }
      return Future.succeededFuture(u);
    }
    if (newLength < u.offset()) {
      throw TusException.badRequest("Upload-Length " + newLength + " is below the bytes already received (" + u.offset() + ")");
    }
    if (newLength > settings.maxBytes()) {
      throw tooLarge(newLength);
    }
    // The deferred upload already counts its received bytes in flight; only the rest is new.
    return checkQuota(user, newLength - u.offset())
        .compose(v -> store.setLength(u.id(), newLength))
        .map(v -> u.withProgress(u.offset(), newLength, u.expiresAt()));
  }

  private Future<Long> lengthOfParts(Principal user, List<String> partIds) {
    return store.findAll(partIds).map(parts -> {
      if (parts.size() != partIds.stream().distinct().count()) {
        throw TusException.badRequest("Upload-Concat names an upload that does not exist (or one twice)");
      }
      long total = 0;
      boolean known = true;
      Instant now = Instant.now();
      for (Upload part : parts) {
        if (part.ownerId() != user.userId() || part.concat().kind() != UploadConcat.Kind.PARTIAL) {
          throw TusException.badRequest("upload " + part.id() + " is not a partial upload of yours");
        }
        if (part.state() == UploadState.TERMINATED || part.expiredAt(now)) {
          throw TusException.badRequest("partial upload " + part.id() + " was terminated or has expired");
        }
        known &= part.lengthKnown();
        total += part.lengthKnown() ? part.length() : 0;
      }
      if (total > settings.maxBytes()) {
        throw tooLarge(total);
      }
      return known ? total : null;
    });
  }

  private Future<Void> checkQuota(Principal user, Long additionalBytes) {
    if (settings.quotaBytes() == 0 || additionalBytes == null) {
      return Future.succeededFuture();
    }
    return Future.all(store.bytesInFlight(user.userId()), catalog.storedBytes(user.userId())).compose(all -> {
      long used = all.<Long>resultAt(0) + all.<Long>resultAt(1);
      if (used + additionalBytes > settings.quotaBytes()) {
        return Future.failedFuture(new TusException(413, "upload quota exceeded: " + used + " of "
            + settings.quotaBytes() + " bytes used, " + additionalBytes + " more requested"));
      }
      return Future.succeededFuture();
    });
  }

  private Future<Upload> load(Principal user, String id) {
    if (!Ids.wellFormed(id)) {
      return Future.failedFuture(TusException.notFound());
    }
    return store.find(id).map(found -> {
      Upload u = found.orElseThrow(TusException::notFound);
      if (u.ownerId() != user.userId() && !user.role().includes(Role.ADMIN)) {
        throw new TusException(403, "this upload belongs to another user");
      }
      return u;
    });
  }

  private Future<Upload> reload(Upload u) {
    return store.find(u.id()).map(found -> found.orElse(u));
  }

  private Future<Void> unlock(String id) {
    locks.release(id);
    return Future.succeededFuture();
  }

  /** An id whose owner is this node, so the client's next requests need no forwarding if they come here. */
  private String localUploadId() {
    for (int attempt = 0; attempt < 64; attempt++) {
      String id = Ids.random(16);
      if (router.isLocal(Upload.key(id))) {
        return id;
      }
    }
    return Ids.random(16);
  }

  private TusException tooLarge(long length) {
    return new TusException(413, "upload of " + length + " bytes is larger than the maximum of " + settings.maxBytes());
  }
}
