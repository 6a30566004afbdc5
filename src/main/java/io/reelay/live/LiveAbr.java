package io.reelay.live;

import io.reelay.live.abr.AbrWorker;
import io.reelay.live.hls.LiveHlsOptions;
import io.reelay.live.hls.LivePlaylist;
import io.reelay.live.hls.LiveSegmenter;
import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.VideoTrack;
import io.reelay.media.Ladder;
import io.reelay.media.Rung;
import io.reelay.media.fmp4.AvcConfig;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A broadcast's ABR rungs: planned from the source's first video configuration ({@link Ladder#live}: below the
 * source only), each a segmenter and playlist of its own fed by the stream's {@link AbrWorker}. The channel calls
 * this on its context just as it calls its own segmenter, and the worker gives each rung its media back there.
 */
final class LiveAbr {

  /** A rung as the master playlist and routes see it. */
  record RungRendition(Rung rung, LiveRendition rendition) {
  }

  /** x264 threads per rung: its choice (slice threads with zerolatency), the measured setting of bench/live. */
  private static final int ENCODER_THREADS = 0;

  private final String streamId;
  private final LiveHlsOptions options;
  private final LongSupplier clock;
  private final BlockingReloads reloads;
  private final Context context;
  private final Map<String, RungRendition> rungs = new LinkedHashMap<>();
  private AbrWorker worker;
  private AudioTrack audio;

  LiveAbr(String streamId, LiveHlsOptions options, LongSupplier clock, BlockingReloads reloads, Context context) {
    this.streamId = streamId;
    this.options = options;
    this.clock = clock;
    this.reloads = reloads;
    this.context = context;
  }

  void video(VideoTrack track) {
    if (worker == null) {
      start(track);
    } else {
      worker.video(track);
    }
  }

  void audio(AudioTrack track) {
    audio = track;
    if (worker != null) {
      worker.audio(track);
    }
  }

  void unit(AccessUnit unit) {
    if (worker != null) {
      worker.unit(unit);
    }
  }

  void flush() {
    if (worker != null) {
      worker.flush();
    }
  }

  void resume(VideoTrack video, AudioTrack newAudio) {
    audio = newAudio;
    if (worker != null) {
      worker.resume(video, newAudio);
    } else if (video != null) {
      start(video);
    }
  }

  void finish() {
    if (worker != null) {
      worker.finish();
    }
  }

  /**
   * The ladder is planned once, from the first configuration: a publisher that changes its size mid-broadcast gets
   * its new pictures scaled to the same rungs.
   */
  private void start(VideoTrack track) {
    AvcConfig config = AvcConfig.parse(track.avcDecoderConfigurationRecord());
    List<Rung> ladder = Ladder.live(config.width(), config.height(), 0);
    if (ladder.isEmpty()) {
      return; // 360 lines or fewer: the source is the only rendition
    }
    List<LiveSegmenter> segmenters = new ArrayList<>();
    for (Rung rung : ladder) {
      LivePlaylist playlist = new LivePlaylist(options);
      segmenters.add(new LiveSegmenter(options, clock, playlist));
      rungs.put(rung.name(), new RungRendition(rung, new LiveRendition(playlist, reloads, clock)));
    }
    worker = new AbrWorker(streamId, ladder, segmenters, ENCODER_THREADS, task -> context.runOnContext(v -> task.run()));
    worker.video(track);
    if (audio != null) {
      worker.audio(audio);
    }
  }

  LiveRendition rendition(String name) {
    RungRendition r = rungs.get(name);
    return r == null ? null : r.rendition();
  }

  /** The rungs, highest first; none once the ladder failed. */
  List<RungRendition> rungs() {
    return worker == null || worker.failed() ? List.of() : List.copyOf(rungs.values());
  }

  /** Whether every rung has published something (or the ladder failed: it is left out then). */
  boolean ready() {
    return rungs().stream().allMatch(r -> r.rendition().ready());
  }

  long droppedUnits() {
    return worker == null ? 0 : worker.droppedUnits();
  }

  long skippedFrames() {
    return worker == null ? 0 : worker.skippedFrames();
  }
}
