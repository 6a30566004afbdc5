package io.reelay.playback;

import io.reelay.node.Ids;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;

/**
 * Playback URL paths of a video, plain or signed. A signed path,
 * {@code /vod/{videoId}/s/{expiresEpochSeconds}/{signature}/master.m3u8}, plays a private video without a
 * token until it expires: the signature covers the video id and the expiry, and sits in the path so the
 * playlists' relative URIs (renditions, segments, thumbnails) inherit it. Safe to share between threads.
 */
public final class PlaybackUrls {

  static final String MASTER = "master.m3u8";

  private final VodSigner signer;
  private final Clock clock;

  PlaybackUrls(VodSigner signer, Clock clock) {
    this.signer = signer;
    this.clock = clock;
  }

  /** With the node-shared key (created on first start, kept in {@code node_secrets}). */
  public static Future<PlaybackUrls> load(Pool pg) {
    return VodSecret.loadOrCreate(pg).map(key -> new PlaybackUrls(new VodSigner(key), Clock.systemUTC()));
  }

  /** {@code /vod/{videoId}/master.m3u8}: plays public and unlisted videos, and private ones with a token. */
  public String masterPath(String videoId) {
    return root(videoId) + MASTER;
  }

  /** {@code /vod/{videoId}/s/{expires}/{signature}/master.m3u8}, valid for {@code ttl} from now. */
  public String signedMasterPath(String videoId, Duration ttl) {
    return signedRoot(videoId, ttl) + MASTER;
  }

  /** {@code /vod/{videoId}/}: append a path relative to the video's HLS tree (e.g. {@code thumbs/poster.jpg}). */
  public String root(String videoId) {
    requireId(videoId);
    return VodPath.PREFIX + videoId + "/";
  }

  /** The signed counterpart of {@link #root}: every file below it plays until the expiry. */
  public String signedRoot(String videoId, Duration ttl) {
    requireId(videoId);
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    long expires = clock.instant().plus(ttl).getEpochSecond();
    return VodPath.PREFIX + videoId + "/" + VodPath.SIGNED + "/" + expires + "/" + signer.sign(videoId, expires) + "/";
  }

  /** Fails with 403 unless the signed path's signature is genuine and not expired. */
  void verify(VodPath path) {
    if (!signer.verify(path.videoId(), path.expiresEpochSeconds(), path.signature())) {
      throw new ApiException(403, "forbidden", "invalid playback signature");
    }
    if (path.expiresEpochSeconds() <= clock.instant().getEpochSecond()) {
      throw new ApiException(403, "forbidden", "signed playback URL expired");
    }
  }

  private static void requireId(String videoId) {
    if (!Ids.wellFormed(videoId)) {
      throw new IllegalArgumentException("not a video id: " + videoId);
    }
  }
}
