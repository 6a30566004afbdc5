package io.reelay.media;

import java.util.List;

/**
 * What a transcode wrote. Paths are relative to the output directory.
 *
 * @param renditions lowest bandwidth first, as listed in the master playlist
 * @param master     {@code master.m3u8}
 * @param poster     {@code thumbs/poster.jpg}, or null for an audio-only source
 * @param storyboard {@code thumbs/storyboard.vtt}, or null for an audio-only source
 * @param durationMs duration of the output (the longest rendition playlist)
 */
public record TranscodeResult(List<Rendition> renditions, String master, String poster, String storyboard,
    long durationMs) {

  public TranscodeResult {
    renditions = List.copyOf(renditions);
  }
}
