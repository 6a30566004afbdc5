package io.reelay.catalog;

/**
 * What attaching uploaded bytes to a video did.
 *
 * @param deduplicated  the bytes were already stored for another video; the upload's copy was dropped
 */
public record ContentOutcome(boolean deduplicated, StoredMedia media) {}
