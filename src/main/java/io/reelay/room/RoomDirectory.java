package io.reelay.room;

import io.reelay.node.RoomIds;
import io.reelay.node.StreamOwners;
import io.reelay.catalog.CatalogService;
import io.reelay.catalog.Visibility;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;

/**
 * Looks up what a room belongs to: a video's room exists only while the video does, a live stream's only while
 * the stream does (its creator moderates it); other rooms are free rooms.
 */
final class RoomDirectory {

  private final CatalogService catalog;
  private final StreamOwners streams;

  RoomDirectory(CatalogService catalog, StreamOwners streams) {
    this.catalog = catalog;
    this.streams = streams;
  }

  /** Fails with {@code not_found} for the room of an unknown video. */
  Future<RoomInfo> lookup(String roomId) {
    return RoomIds.videoId(roomId)
        .map(videoId -> catalog.find(videoId)
            .map(video -> new RoomInfo(roomId, videoId, video.ownerId(), video.visibility() == Visibility.PRIVATE))
            .recover(e -> Future.failedFuture(e instanceof ApiException api && api.status() == 404
                ? new RoomError("not_found", "no video " + videoId)
                : new RoomError("unavailable", "the video could not be looked up; retry"))))
        .or(() -> RoomIds.streamId(roomId).map(streamId -> streams.ownerOf(streamId)
            .recover(e -> Future.failedFuture(new RoomError("unavailable", "the stream could not be looked up; retry")))
            .compose(owner -> owner.isPresent()
                ? Future.succeededFuture(new RoomInfo(roomId, null, owner.get(), false))
                : Future.failedFuture(new RoomError("not_found", "no stream " + streamId)))))
        .orElseGet(() -> Future.succeededFuture(new RoomInfo(roomId, null, null, false)));
  }
}
