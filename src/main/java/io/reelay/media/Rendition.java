package io.reelay.media;

/**
 * One HLS rendition as written into the master playlist.
 *
 * @param name             the rung's name, or "audio" for an audio-only source
 * @param width            0 for audio only
 * @param height           0 for audio only
 * @param bandwidth        peak bit rate of the segments (video and audio), bits per second
 * @param averageBandwidth total segment bytes * 8 / duration, bits per second
 * @param codecs           RFC 6381 codecs, e.g. {@code avc1.640028,mp4a.40.2}
 * @param frameRate        0 for audio only, or when not known (a live stream's)
 * @param playlist         path relative to the output directory, e.g. {@code 720p/index.m3u8}
 */
public record Rendition(String name, int width, int height, long bandwidth, long averageBandwidth, String codecs,
    double frameRate, String playlist) {

  public boolean hasVideo() {
    return width > 0;
  }
}
