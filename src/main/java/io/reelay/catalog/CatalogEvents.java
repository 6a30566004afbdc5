package io.reelay.catalog;

import io.vertx.core.json.JsonObject;

/** Event-bus addresses the catalog publishes to, and their message shapes. */
public final class CatalogEvents {

  /**
   * Published (cluster-wide) after a video is deleted:
   * {@code {videoId, contentHash (null if its bytes never arrived), mediaRemoved}}.
   */
  public static final String VIDEO_DELETED = "reelay.catalog.video-deleted";

  private CatalogEvents() {}

  static JsonObject videoDeleted(String videoId, String contentHash, boolean mediaRemoved) {
    return new JsonObject().put("videoId", videoId).put("contentHash", contentHash).put("mediaRemoved", mediaRemoved);
  }
}
