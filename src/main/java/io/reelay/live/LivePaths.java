package io.reelay.live;

/** URL paths of live playback. */
final class LivePaths {

  static final String PREFIX = "/live/";

  private LivePaths() {}

  static String playlist(String streamId) {
    return PREFIX + streamId + "/index.m3u8";
  }
}
