package io.reelay.upload;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a final concatenation from its partial uploads once all of them are complete (concatenation-
 * unfinished: the final may be created first). Runs on the final's owner node under the final's lock; a
 * request that arrives while an assembly is running makes it check again when it ends, so a part that
 * completes during a check is never missed.
 */
final class FinalAssembler {

  private static final Logger LOG = LoggerFactory.getLogger(FinalAssembler.class);

  private final WorkerExecutor io;
  private final UploadStore store;
  private final UploadFiles files;
  private final UploadLocks locks;
  private final UploadCompleter completer;
  private final UploadSettings settings;
  private final Set<String> recheck = ConcurrentHashMap.newKeySet();

  FinalAssembler(WorkerExecutor io, UploadStore store, UploadFiles files, UploadLocks locks, UploadCompleter completer,
      UploadSettings settings) {
    this.io = io;
    this.store = store;
    this.files = files;
    this.locks = locks;
    this.completer = completer;
    this.settings = settings;
  }

  /** Assembles the final upload if every part is complete; otherwise records its length once known. */
  Future<Void> assembleIfReady(String finalId) {
    if (!locks.tryAcquire(finalId)) {
      recheck.add(finalId);
      return Future.succeededFuture();
    }
    recheck.remove(finalId);
    return store.find(finalId)
        .compose(found -> found.filter(u -> u.state() == UploadState.ACTIVE && !u.finished())
            .map(this::assembleIfPartsDone)
            .orElse(Future.succeededFuture()))
        .onFailure(e -> LOG.error("assembling upload {} failed", finalId, e))
        .eventually(() -> {
          locks.release(finalId);
          return recheck.remove(finalId) ? assembleIfReady(finalId) : Future.succeededFuture();
        });
  }

  private Future<Void> assembleIfPartsDone(Upload target) {
    List<String> partIds = target.concat().partIds();
    return store.findAll(partIds).compose(parts -> {
      boolean allLengthsKnown = parts.size() == partIds.size() && parts.stream().allMatch(Upload::lengthKnown);
      long length = parts.stream().mapToLong(p -> p.lengthKnown() ? p.length() : 0).sum();
      boolean allDone = allLengthsKnown && parts.stream().allMatch(p -> p.state() == UploadState.COMPLETED);
      if (!allDone) {
        return allLengthsKnown && !target.lengthKnown() ? store.setLength(target.id(), length) : Future.succeededFuture();
      }
      MessageDigest digest = ContentDigests.newSha256();
      Instant expiry = Instant.now().plus(settings.expiry());
      return io.<Void>executeBlocking(() -> {
        files.concatenate(target.id(), partIds, digest);
        return null;
      }, false)
          .compose(v -> store.advance(target.id(), 0, length, length, expiry))
          .compose(v -> completer.complete(target.withProgress(length, length, expiry), digest))
          .compose(v -> io.<Void>executeBlocking(() -> {
            partIds.forEach(files::delete);
            return null;
          }, false))
          .compose(v -> store.markFilesRemoved(partIds));
    });
  }
}
