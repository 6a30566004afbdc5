package io.reelay.transcode;

import io.vertx.core.json.JsonObject;

/**
 * Event-bus addresses and message shapes of the transcode capability. Progress is published cluster-wide,
 * keyed by content hash (videos with the same bytes share one job): {@code {contentHash, state, percent,
 * etaSeconds, error}} with state running, done or failed.
 */
public final class TranscodeEvents {

  public static final String PROGRESS = "reelay.transcode.progress";

  private TranscodeEvents() {}

  static JsonObject running(String contentHash, double fraction, Integer etaSeconds) {
    return new JsonObject().put("contentHash", contentHash).put("state", "running")
        .put("percent", Math.round(fraction * 1000) / 10.0).put("etaSeconds", etaSeconds);
  }

  static JsonObject done(String contentHash) {
    return new JsonObject().put("contentHash", contentHash).put("state", "done").put("percent", 100.0)
        .put("etaSeconds", 0);
  }

  static JsonObject failed(String contentHash, String error, boolean willRetry) {
    return new JsonObject().put("contentHash", contentHash).put("state", willRetry ? "queued" : "failed")
        .put("error", error);
  }
}
