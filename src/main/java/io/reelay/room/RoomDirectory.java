package io.reelay.room;

import io.reelay.node.RoomIds;
import io.reelay.catalog.CatalogService;
import io.reelay.catalog.Visibility;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;

/** Looks up what a room belongs to: a video's room exists only while the video does. */
final class RoomDirectory {

  private final CatalogService catalog;

  RoomDirectory(CatalogService catalog) {
    this.catalog = catalog;
  }

  /** Fails with {@code not_found} for the room of an unknown video. */
  Future<RoomInfo> lookup(String roomId) {
    return RoomIds.videoId(roomId)
        .map(videoId -> catalog.find(videoId)
            .map(video -> new RoomInfo(roomId, videoId, video.ownerId(), video.visibility() == Visibility.PRIVATE))
            .recover(e -> Future.failedFuture(e instanceof ApiException api && api.status() == 404
                ? new RoomError("not_found", "no video " + videoId)
                : new RoomError("unavailable", "the video could not be looked up; retry"))))
        // Live stream rooms get their creator once streams exist (issue 8); until then they are free rooms.
        .orElseGet(() -> Future.succeededFuture(new RoomInfo(roomId, null, null, false)));
  }
}
