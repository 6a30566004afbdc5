package io.reelay.transcode;

import io.reelay.media.MediaInfo;
import io.reelay.media.MediaProbe;
import io.reelay.media.Rendition;
import io.reelay.media.TranscodeProgress;
import io.reelay.media.TranscodeResult;
import io.reelay.media.TranscodeSettings;
import io.reelay.media.Transcoder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** The blocking part of a job, run on a transcode worker: probe the stored source, transcode it into hls/. */
final class JobRunner {

  private static final String TOP_MASTER = "master.m3u8";

  private JobRunner() {}

  /**
   * Transcodes {@code <mediaDir>/source} into a new version directory {@code <mediaDir>/hls/<version>} and
   * returns the playback description. Each run writes a new version because segments are served as
   * immutable: a re-run must not put different bytes at URLs players and caches already hold. The top
   * {@code hls/master.m3u8} (the contract's {@code /vod/{id}/master.m3u8}, cached briefly) then points into
   * the new version, and older versions are removed.
   */
  static JsonObject run(Path mediaDir, JobSettings settings, TranscodeProgress progress) throws Exception {
    Path source = mediaDir.resolve("source");
    MediaInfo info = MediaProbe.probe(source);
    TranscodeSettings defaults = TranscodeSettings.defaults();
    TranscodeSettings chosen = new TranscodeSettings(settings.threadsPerJob(), defaults.segmentSeconds(),
        defaults.keyframeSeconds(), defaults.storyboardIntervalSeconds());
    String version = "v" + Long.toString(System.currentTimeMillis(), 36);
    Path hls = mediaDir.resolve("hls");
    TranscodeResult result = Transcoder.transcode(source, info, hls.resolve(version), chosen, progress);
    publishMaster(hls, version, result.master());
    removeOtherVersions(hls, version);
    return playback(version, result);
  }

  /** Writes hls/master.m3u8 as the version's master with its URIs made relative to hls/ (atomically). */
  private static void publishMaster(Path hls, String version, String master) throws IOException {
    StringBuilder top = new StringBuilder();
    for (String line : Files.readAllLines(hls.resolve(version).resolve(master))) {
      top.append(line.isBlank() || line.startsWith("#") ? line : version + "/" + line).append('\n');
    }
    Path temp = hls.resolve(TOP_MASTER + ".tmp");
    Files.writeString(temp, top);
    Files.move(temp, hls.resolve(TOP_MASTER), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void removeOtherVersions(Path hls, String keep) throws IOException {
    try (Stream<Path> versions = Files.list(hls)) {
      for (Path old : versions.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().equals(keep)).toList()) {
        try (Stream<Path> tree = Files.walk(old)) {
          for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  /** What the catalog keeps for playback; paths are relative to the video's /vod/{id}/ root. */
  static JsonObject playback(String version, TranscodeResult result) {
    JsonArray renditions = new JsonArray();
    for (Rendition r : result.renditions()) {
      renditions.add(new JsonObject().put("name", r.name()).put("width", r.width()).put("height", r.height())
          .put("bandwidth", r.bandwidth()).put("averageBandwidth", r.averageBandwidth()).put("codecs", r.codecs())
          .put("frameRate", r.frameRate()).put("playlist", version + "/" + r.playlist()));
    }
    return new JsonObject().put("version", version).put("master", TOP_MASTER)
        .put("poster", result.poster() == null ? null : version + "/" + result.poster())
        .put("storyboard", result.storyboard() == null ? null : version + "/" + result.storyboard())
        .put("durationMs", result.durationMs()).put("renditions", renditions);
  }
}
