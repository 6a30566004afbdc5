package io.reelay.catalog;

import io.reelay.node.RoomIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A video record as clients and the cache see it. Probe fields, size and hash are null until the
 * bytes are attached and probed; {@code failureReason} only means something when {@code failed}.
 *
 * @param playback  what the transcoder produced for the content (renditions; master, poster and storyboard
 *                  paths relative to {@code /vod/{id}/}), or null before
 * @param transcode the content's transcode job (state, progress, etaSeconds, attempts, error), or null
 */
public record Video(String id, long ownerId, String ownerName, String title, String description, List<String> tags,
    Visibility visibility, VideoStatus status, String failureReason, Long durationMs, Integer width, Integer height,
    Long sizeBytes, String contentHash, Instant createdAt, Instant updatedAt, JsonObject playback,
    JsonObject transcode) {

  public Video {
    tags = List.copyOf(tags);
  }

  /** The API shape (and the cached one), with playback URLs under {@code /vod/{id}/}; null fields are left out. */
  public JsonObject toJson() {
    return toJson(VodRoots.UNSIGNED.rootOf(this));
  }

  /** The API shape with playback URLs under {@code vodRoot} (e.g. a signed prefix for a private video). */
  public JsonObject toJson(String vodRoot) {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("owner", new JsonObject().put("id", ownerId).put("username", ownerName))
        .put("title", title)
        .put("description", description)
        .put("tags", new JsonArray(tags))
        .put("visibility", visibility.id())
        .put("status", status.id())
        .put("roomId", RoomIds.ofVideo(id));
    if (status == VideoStatus.FAILED) {
      putPresent(json, "failureReason", failureReason);
    }
    putPresent(json, "durationMs", durationMs);
    putPresent(json, "width", width);
    putPresent(json, "height", height);
    putPresent(json, "sizeBytes", sizeBytes);
    putPresent(json, "contentHash", contentHash);
    putPresent(json, "transcode", transcode);
    if (playback != null) {
      // The stored paths are relative to the video's VOD root, which depends on the video, not the content.
      String root = vodRoot;
      json.put("playback", playback)
          .put("playbackUrl", root + playback.getString("master"))
          .put("renditions", playback.getJsonArray("renditions"));
      putPresent(json, "poster", playback.getString("poster") == null ? null : root + playback.getString("poster"));
      putPresent(json, "storyboard", playback.getString("storyboard") == null ? null : root + playback.getString("storyboard"));
    }
    return json.put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
  }

  /** The inverse of {@link #toJson}, for cached copies. */
  public static Video fromJson(JsonObject json) {
    JsonObject owner = json.getJsonObject("owner");
    return new Video(json.getString("id"), owner.getLong("id"), owner.getString("username"),
        json.getString("title"), json.getString("description"),
        json.getJsonArray("tags").stream().map(String.class::cast).toList(),
        Visibility.fromId(json.getString("visibility")), VideoStatus.fromId(json.getString("status")),
        json.getString("failureReason"), json.getLong("durationMs"), json.getInteger("width"),
        json.getInteger("height"), json.getLong("sizeBytes"), json.getString("contentHash"),
        Instant.parse(json.getString("createdAt")), Instant.parse(json.getString("updatedAt")),
        json.getJsonObject("playback"), json.getJsonObject("transcode"));
  }

  private static void putPresent(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
