package io.reelay.upload;

import io.reelay.node.config.ReelayConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The upload capability's configuration.
 *
 * @param quotaBytes 0 means unlimited
 */
public record UploadSettings(Path storageDir, long maxBytes, long quotaBytes, Duration expiry, boolean allowViewers) {

  public static UploadSettings from(ReelayConfig config) {
    return new UploadSettings(config.storageDir(), config.uploadMaxBytes(), config.uploadQuotaBytes(),
        Duration.ofSeconds(config.uploadExpirySeconds()), config.uploadAllowViewers());
  }

  /** How often expired and terminated uploads are looked for: often enough that files go soon after expiry. */
  Duration sweepInterval() {
    long seconds = Math.max(1, Math.min(60, expiry.toSeconds() / 2));
    return Duration.ofSeconds(seconds);
  }
}
