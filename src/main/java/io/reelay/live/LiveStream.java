package io.reelay.live;

import io.reelay.node.RoomIds;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A creator's live stream (channel) as stored; its key is never part of it, only whether one is set. */
record LiveStream(String id, long ownerId, String title, boolean hasKey, Instant createdAt) {

  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("ownerId", ownerId)
        .put("title", title)
        .put("keyRevoked", !hasKey)
        .put("playbackUrl", LivePaths.playlist(id))
        .put("masterUrl", LivePaths.master(id))
        .put("roomId", RoomIds.ofStream(id))
        .put("createdAt", createdAt.toString());
  }

  /** What the creator gets when a key is made: the key itself and the URLs to publish with it. */
  JsonObject toJsonWithKey(String key, IngestUrls urls) {
    return toJson()
        .put("streamKey", key)
        .put("rtmpUrl", urls.rtmp(key))
        .put("srtUrl", urls.srt(key));
  }
}
