package io.reelay.transcode;

import io.vertx.core.json.JsonObject;

/** A row of {@code transcode_jobs}: the transcode of one stored content, run by the owner of video:<videoId>. */
record TranscodeJob(String contentHash, String videoId, State state, int attempts, String error) {

  enum State {
    QUEUED, RUNNING, DONE, FAILED;

    String id() {
      return name().toLowerCase();
    }

    static State fromId(String id) {
      return valueOf(id.toUpperCase());
    }
  }

  /** The partition key whose owner runs the job. */
  String ownerKey() {
    return "video:" + videoId;
  }

  JsonObject toJson() {
    return new JsonObject().put("contentHash", contentHash).put("videoId", videoId).put("state", state.id())
        .put("attempts", attempts).put("error", error);
  }
}
