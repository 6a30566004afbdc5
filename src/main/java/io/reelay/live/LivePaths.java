package io.reelay.live;

/** URL paths of live playback. */
final class LivePaths {

  static final String PREFIX = "/live/";

  private LivePaths() {}

  static String playlist(String streamId) {
    return PREFIX + streamId + "/index.m3u8";
  }

  /** The multivariant playlist: the source's rendition, and the ABR rungs when live ABR is on. */
  static String master(String streamId) {
    return PREFIX + streamId + "/master.m3u8";
  }
}
