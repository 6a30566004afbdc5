package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Transcodes a source into an HLS ladder with thumbnails, from ONE decode of the source.
 *
 * <p>Output, in {@code outDir}: {@code master.m3u8}; per rendition {@code <name>/index.m3u8},
 * {@code <name>/init.mp4}, {@code <name>/seg_00001.m4s}...; {@code thumbs/poster.jpg},
 * {@code thumbs/storyboard.vtt}, {@code thumbs/sprite-000.jpg}... An audio-only source gets one rendition,
 * {@code audio/}, and no thumbnails; a video-only source gets renditions without audio.
 *
 * <p>Threads: the calling thread demuxes, decodes (FFmpeg's decoder adds its own threads), encodes the audio
 * and makes the thumbnails; each rendition has a thread of its own that scales and muxes, and its libx264
 * encoder has {@code settings.threads()} more. All of them end before this method returns.
 */
public final class Transcoder {

  static {
    // libx264 and the HLS muxer report every file at INFO; errors reach the caller through the exception.
    // Only ever lowered, so this never undoes MediaProbe's quieter level.
    if (av_log_get_level() > AV_LOG_ERROR) {
      av_log_set_level(AV_LOG_ERROR);
    }
  }

  private Transcoder() {
  }

  /**
   * BLOCKING: runs for about the source's duration divided by the encoding speed. Call it from a worker thread.
   *
   * @param source   the media file
   * @param info     what {@link MediaProbe} found in it (the ladder is planned from it)
   * @param outDir   created, or replaced as a whole when the transcode succeeds; never left half written
   * @param progress told the fraction of the source done, a few times per second at most
   * @throws TranscodeException   with a user-facing reason when the source cannot be transcoded or writing
   *                              fails; nothing is left behind
   * @throws InterruptedException when the thread is interrupted; stops within a frame or two, nothing is left
   *                              behind
   */
  public static TranscodeResult transcode(Path source, MediaInfo info, Path outDir, TranscodeSettings settings,
      TranscodeProgress progress) throws TranscodeException, InterruptedException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(settings, "settings");
    TranscodeProgress report = progress == null ? TranscodeProgress.NONE : progress;
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Path staging = OutputDirectory.stage(outDir);
    boolean published = false;
    try {
      TranscodeResult result;
      try (SourceDecoder decoder = SourceDecoder.open(source);
          TranscodeRun run = new TranscodeRun(decoder, info, staging, settings, report)) {
        result = run.run();
      } catch (RuntimeException e) {
        throw new TranscodeException("transcoding failed (internal error)", e);
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      OutputDirectory.publish(staging, outDir);
      published = true;
      return result;
    } finally {
      if (!published) {
        OutputDirectory.delete(staging);
      }
    }
  }
}
