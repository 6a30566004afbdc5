package io.reelay.upload;

import java.time.Instant;

/**
 * One tus upload as stored. {@code offset} is the acknowledged offset: every byte below it is on disk.
 *
 * @param videoId null for partial uploads, and once the video was deleted
 * @param length  null while deferred (creation-defer-length) or, for a final concatenation, while a part's
 *                length is unknown
 */
record Upload(String id, long ownerId, String videoId, UploadConcat concat, Long length, long offset,
    String metadata, UploadState state, Instant expiresAt) {

  /** The partition key whose owner node serves an upload's requests. */
  static String key(String uploadId) {
    return "upload:" + uploadId;
  }

  boolean lengthKnown() {
    return length != null;
  }

  boolean finished() {
    return length != null && offset == length;
  }

  boolean expiredAt(Instant now) {
    return state == UploadState.EXPIRED || (state == UploadState.ACTIVE && expiresAt.isBefore(now));
  }

  /** Fails with the tus status for an upload that can no longer be used (terminated, expired, video deleted). */
  Upload requireUsable(Instant now) {
    if (state == UploadState.TERMINATED) {
      throw TusException.gone("was terminated");
    }
    if (expiredAt(now)) {
      throw TusException.gone("expired at " + expiresAt);
    }
    if (concat.kind() != UploadConcat.Kind.PARTIAL && videoId == null) {
      throw TusException.gone("belongs to a video that was deleted");
    }
    return this;
  }

  Upload withProgress(long newOffset, Long newLength, Instant newExpiry) {
    return new Upload(id, ownerId, videoId, concat, newLength, newOffset, metadata, state, newExpiry);
  }
}
