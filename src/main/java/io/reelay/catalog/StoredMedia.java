package io.reelay.catalog;

import io.reelay.media.MediaInfo;
import java.nio.file.Path;

/**
 * Stored bytes shared by every video with the same content.
 *
 * @param sourceFile  the uploaded file, absolute
 * @param infoOrNull  the probe results, or null when the bytes have not been probed yet
 */
public record StoredMedia(String contentHash, Path sourceFile, long sizeBytes, MediaInfo infoOrNull) {}
