package io.reelay.media;

import io.vertx.core.json.JsonObject;

/**
 * What a probe found in a media file. A playable video has a video stream; an audio-only file is
 * also accepted (width, height, frame rate and video codec are then null).
 *
 * @param container   FFmpeg's format name, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2} or {@code matroska,webm}
 * @param durationMs  duration of the longest stream, in milliseconds
 * @param bitRate     overall bit rate in bits per second (0 when unknown)
 */
public record MediaInfo(String container, long durationMs, Integer width, Integer height, Double frameRate,
    String videoCodec, String audioCodec, long bitRate) {

  public boolean hasVideo() {
    return videoCodec != null;
  }

  public boolean hasAudio() {
    return audioCodec != null;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("container", container)
        .put("durationMs", durationMs)
        .put("width", width)
        .put("height", height)
        .put("frameRate", frameRate)
        .put("videoCodec", videoCodec)
        .put("audioCodec", audioCodec)
        .put("bitRate", bitRate);
  }

  public static MediaInfo fromJson(JsonObject json) {
    return new MediaInfo(json.getString("container"), json.getLong("durationMs"), json.getInteger("width"),
        json.getInteger("height"), json.getDouble("frameRate"), json.getString("videoCodec"),
        json.getString("audioCodec"), json.getLong("bitRate", 0L));
  }
}
