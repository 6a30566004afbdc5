package io.reelay.playback;

import io.reelay.catalog.VideoStatus;
import io.reelay.catalog.Visibility;
import io.reelay.node.auth.AuthService;
import io.reelay.node.auth.Role;
import io.reelay.node.http.ApiException;
import io.reelay.playback.VodIndex.Entry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * Who may play a video. Public and unlisted ones: anyone. Private ones: a request on a signed path
 * (already verified), or a bearer token of the owner or an admin. Anyone else gets the 404 a missing
 * video gets, as {@code GET /api/videos/{id}} answers, so private ids do not leak. The token is only
 * checked when it decides something, so segments of public videos cost no signature verification.
 */
final class VodAccess {

  private final AuthService auth;

  VodAccess(AuthService auth) {
    this.auth = auth;
  }

  /** The video when this request may play it and it is ready; a 404 (or 401 for a bad token) otherwise. */
  Future<Entry> playable(HttpServerRequest request, VodPath path, Optional<Entry> found) {
    if (found.isEmpty()) {
      return Future.failedFuture(missing(path.videoId()));
    }
    Entry video = found.get();
    return mayPlay(request, path, video).compose(allowed -> !allowed ? Future.failedFuture(missing(video.videoId()))
        : video.status() != VideoStatus.READY ? Future.failedFuture(notReady(video))
        : Future.succeededFuture(video));
  }

  private Future<Boolean> mayPlay(HttpServerRequest request, VodPath path, Entry video) {
    if (path.signed() || video.visibility() != Visibility.PRIVATE) {
      return Future.succeededFuture(true);
    }
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      return Future.succeededFuture(false);
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(new ApiException(401, "unauthorized", "use 'Authorization: Bearer <token>'"));
    }
    return auth.authenticate(header.substring(7).trim())
        .map(who -> who.userId() == video.ownerId() || who.role().includes(Role.ADMIN));
  }

  private static ApiException missing(String videoId) {
    return new ApiException(404, "not_found", "no video " + videoId);
  }

  /**
   * Not ready is a 404 rather than a 409: the files a player asks for do not exist yet, and players and
   * caches already treat 404 as "not there (yet)". The message says why, for people.
   */
  private static ApiException notReady(Entry video) {
    String why = switch (video.status()) {
      case UPLOADING -> "is still uploading";
      case PROCESSING -> "is still processing";
      case FAILED -> "could not be processed";
      case READY -> "is ready";
    };
    return new ApiException(404, "not_found", "video " + video.videoId() + " " + why + "; it has nothing to play");
  }
}
