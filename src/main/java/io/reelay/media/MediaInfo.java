package io.reelay.media;

import io.vertx.core.json.JsonObject;

/**
 * What a probe found in a media file. A playable video has a video stream; an audio-only file is
 * also accepted (width, height, frame rate and video codec are then null).
 *
 * @param container       FFmpeg's format name, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2} or {@code matroska,webm}
 * @param durationMs      duration of the longest stream, in milliseconds
 * @param width           the picture's width as shown: non-square pixels stretched to square ones, then turned
 *                        upright (a phone's portrait 1920x1080 picture with rotation 90 is 1080 wide)
 * @param height          the picture's height as shown
 * @param bitRate         overall bit rate in bits per second (0 when unknown)
 * @param rotationDegrees clockwise turn the stored picture needs to be upright: 0, 90, 180 or 270
 * @param interlaced      the video is coded as fields (TV, camcorders); the transcoder deinterlaces it
 * @param colorTransfer   FFmpeg's name of the transfer function, e.g. {@code bt709}, or {@code smpte2084} (PQ)
 *                        and {@code arib-std-b67} (HLG) for HDR; null when the file does not say
 */
public record MediaInfo(String container, long durationMs, Integer width, Integer height, Double frameRate,
    String videoCodec, String audioCodec, long bitRate, int rotationDegrees, boolean interlaced,
    String colorTransfer) {

  /** A progressive, upright SDR picture (or none): what a record without those details describes. */
  public MediaInfo(String container, long durationMs, Integer width, Integer height, Double frameRate,
      String videoCodec, String audioCodec, long bitRate) {
    this(container, durationMs, width, height, frameRate, videoCodec, audioCodec, bitRate, 0, false, null);
  }

  public boolean hasVideo() {
    return videoCodec != null;
  }

  public boolean hasAudio() {
    return audioCodec != null;
  }

  /** High dynamic range (PQ or HLG): the transcoder tone-maps it to SDR. */
  public boolean hdr() {
    return "smpte2084".equals(colorTransfer) || "arib-std-b67".equals(colorTransfer);
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
        .put("bitRate", bitRate)
        .put("rotationDegrees", rotationDegrees)
        .put("interlaced", interlaced)
        .put("colorTransfer", colorTransfer);
  }

  /** Reads {@link #toJson()}; the picture details default to upright, progressive and unspecified. */
  public static MediaInfo fromJson(JsonObject json) {
    return new MediaInfo(json.getString("container"), json.getLong("durationMs"), json.getInteger("width"),
        json.getInteger("height"), json.getDouble("frameRate"), json.getString("videoCodec"),
        json.getString("audioCodec"), json.getLong("bitRate", 0L), json.getInteger("rotationDegrees", 0),
        json.getBoolean("interlaced", false), json.getString("colorTransfer"));
  }
}
