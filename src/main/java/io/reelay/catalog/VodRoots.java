package io.reelay.catalog;

/**
 * Where a video's playback files are served from ({@code /vod/{id}/}, or a signed prefix for private videos).
 * The playback capability provides it; the catalog only puts it in the video JSON it sends.
 */
@FunctionalInterface
public interface VodRoots {

  /** Unsigned roots: what the cache stores and what public videos use. */
  VodRoots UNSIGNED = video -> "/vod/" + video.id() + "/";

  String rootOf(Video video);
}
