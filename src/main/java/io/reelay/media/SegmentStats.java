package io.reelay.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bit rates measured from the segments a rendition really has, for the master playlist: the average (all
 * segment bytes over the total duration) and the peak (the densest segment). The init segment is fetched once
 * per rendition switch, not per segment, so it counts in neither.
 */
record SegmentStats(long averageBitrate, long peakBitrate, double durationSeconds) {

  static SegmentStats of(Path playlistFile) throws TranscodeException {
    try {
      HlsMediaPlaylist playlist = HlsMediaPlaylist.read(playlistFile);
      Path dir = playlistFile.getParent();
      long bytes = 0;
      double peak = 0;
      for (HlsMediaPlaylist.Segment segment : playlist.segments()) {
        long size = Files.size(dir.resolve(segment.uri()));
        bytes += size;
        // A very short (last) segment would give a meaningless spike; it still counts in the average.
        if (segment.duration() >= 0.5 || playlist.segments().size() == 1) {
          peak = Math.max(peak, size * 8 / segment.duration());
        }
      }
      double duration = playlist.duration();
      if (duration <= 0) {
        throw new TranscodeException("the encoder produced no media");
      }
      long average = Math.round(bytes * 8 / duration);
      return new SegmentStats(average, Math.max(average, Math.round(peak)), duration);
    } catch (IOException e) {
      throw new TranscodeException("could not read back the encoded rendition", e);
    }
  }
}
