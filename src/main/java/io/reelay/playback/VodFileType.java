package io.reelay.playback;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of file a VOD tree holds, by extension. Anything else under {@code hls/} (temporary or
 * partial files a transcoder leaves) is never served.
 *
 * <p>Segments, init sections and images are written once under a media directory that is unique
 * to the content, so their URLs may be cached forever. Playlists and text tracks are the files a
 * re-run could rewrite in place, so they get a short lifetime.
 */
enum VodFileType {
  PLAYLIST("application/vnd.apple.mpegurl", "playlist", false, true),
  TEXT_TRACK("text/vtt; charset=utf-8", "vtt", false, true),
  FMP4_SEGMENT("video/mp4", "segment", true, false),
  TS_SEGMENT("video/mp2t", "segment", true, false),
  AUDIO_SEGMENT("audio/mp4", "segment", true, false),
  AAC_SEGMENT("audio/aac", "segment", true, false),
  INIT("video/mp4", "init", true, false),
  JPEG("image/jpeg", "image", true, false),
  PNG("image/png", "image", true, false),
  WEBP("image/webp", "image", true, false);

  /** Lifetime of playlists and text tracks: short, and still enough to spare the origin most reloads. */
  static final int SHORT_MAX_AGE = 10;
  private static final int YEAR = 31_536_000;

  private final String contentType;
  private final String metric;
  private final boolean immutable;
  private final boolean compressible;

  VodFileType(String contentType, String metric, boolean immutable, boolean compressible) {
    this.contentType = contentType;
    this.metric = metric;
    this.immutable = immutable;
    this.compressible = compressible;
  }

  static Optional<VodFileType> of(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    return Optional.ofNullable(switch (ext) {
      case "m3u8" -> PLAYLIST;
      case "vtt" -> TEXT_TRACK;
      case "m4s" -> FMP4_SEGMENT;
      case "ts" -> TS_SEGMENT;
      case "m4a" -> AUDIO_SEGMENT;
      case "aac" -> AAC_SEGMENT;
      case "mp4" -> INIT;
      case "jpg", "jpeg" -> JPEG;
      case "png" -> PNG;
      case "webp" -> WEBP;
      default -> null;
    });
  }

  String contentType() {
    return contentType;
  }

  /** The {@code type} label of the playback metrics. */
  String metric() {
    return metric;
  }

  /** Text worth gzipping; binary media is already compressed and is served byte-exact (ranges, zero-copy). */
  boolean compressible() {
    return compressible;
  }

  /** {@code private} for videos only their owner (or a signed URL) may play, so shared caches never keep them. */
  String cacheControl(boolean privateVideo) {
    String scope = privateVideo ? "private" : "public";
    return immutable ? scope + ", max-age=" + YEAR + ", immutable" : scope + ", max-age=" + SHORT_MAX_AGE;
  }
}
