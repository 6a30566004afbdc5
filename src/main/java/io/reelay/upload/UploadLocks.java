package io.reelay.upload;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Uploads with a request in flight that changes them (PATCH, termination, concatenation). Requests for an
 * upload are served by its owner node, so a node-local set is enough; a second writer gets 423 Locked.
 */
final class UploadLocks {

  private final Set<String> held = ConcurrentHashMap.newKeySet();

  boolean tryAcquire(String uploadId) {
    return held.add(uploadId);
  }

  void release(String uploadId) {
    held.remove(uploadId);
  }

  static TusException locked() {
    return new TusException(423, "another request is writing to this upload; retry when it has finished");
  }
}
