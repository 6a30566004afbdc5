package io.reelay.live.abr;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.live.hls.LiveHlsOptions;
import io.reelay.live.hls.LiveSegmenter;
import io.reelay.live.hls.Recorded;
import io.reelay.live.hls.Segment;
import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.reelay.media.Ladder;
import io.reelay.media.Rung;
import io.reelay.testing.TestMedia;
import io.reelay.testing.TestPackets;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live ladder on a real encoded clip (B-frames, AAC, a keyframe every second): each rung's segments decode at
 * the rung's size, with their keyframes and segment boundaries exactly where the source rendition has them.
 */
class AbrWorkerTest {

  @TempDir
  static Path dir;
  static TestPackets clip;
  static List<Rung> ladder;

  @BeforeAll
  static void encodeClip() {
    Path file = TestMedia.clip(1280, 720, 4).audio(true).bFrames(2).keyframeEvery(TestMedia.FPS).write(dir);
    clip = TestPackets.read(file);
    ladder = Ladder.live(1280, 720, TestMedia.FPS);
  }

  @Test
  void aLadderIsBelowTheSourceOnly() {
    assertThat(ladder).extracting(Rung::name).containsExactly("480p", "360p");
    assertThat(Ladder.live(1920, 1080, 30)).extracting(Rung::name).containsExactly("720p", "480p", "360p");
    assertThat(Ladder.live(1920, 1080, 30).get(0)).extracting(Rung::width, Rung::height).containsExactly(1280, 720);
    assertThat(Ladder.live(1080, 1920, 30).get(0)).extracting(Rung::width, Rung::height).containsExactly(720, 1280);
    assertThat(Ladder.live(640, 360, 30)).isEmpty();
  }

  @Test
  void everyRungDecodesAtItsSizeWithTheSourcesKeyframesAndSegments() throws Exception {
    Recorded source = new Recorded();
    LiveSegmenter sourceSegmenter = new LiveSegmenter(LiveHlsOptions.DEFAULTS, () -> 0L, source);
    List<Recorded> rungs = new ArrayList<>();
    AbrWorker worker = worker(rungs);
    sourceSegmenter.video(new VideoTrack(clip.avcc()));
    sourceSegmenter.audio(new AudioTrack(clip.asc()));
    worker.video(new VideoTrack(clip.avcc()));
    worker.audio(new AudioTrack(clip.asc()));
    for (AccessUnit unit : clip.units()) {
      while (worker.videoQueued() >= AbrWorker.BEHIND_FRAMES - 1) {
        Thread.sleep(2); // as fast as the worker goes, never behind: every frame is encoded
      }
      sourceSegmenter.unit(unit);
      worker.unit(unit);
    }
    sourceSegmenter.finish();
    worker.finish();
    assertThat(worker.awaitStopped(30_000)).isTrue();
    assertThat(worker.failed()).isFalse();
    assertThat(worker.droppedUnits()).isZero();
    assertThat(worker.skippedFrames()).isZero();

    Decoded original = decode(write(source, "source"));
    assertThat(original.keyframes).hasSize(4);
    for (int i = 0; i < ladder.size(); i++) {
      Rung rung = ladder.get(i);
      Recorded out = rungs.get(i);
      assertThat(out.durations()).as(rung.name()).isEqualTo(source.durations());
      Decoded decoded = decode(write(out, rung.name()));
      assertThat(decoded.width).as(rung.name()).isEqualTo(rung.width());
      assertThat(decoded.height).isEqualTo(rung.height());
      assertThat(decoded.pictures).isEqualTo(original.pictures);
      assertThat(decoded.audioFrames).as("the source's audio, copied").isEqualTo(original.audioFrames);
      assertThat(decoded.keyframes).as("keyframes at the source's times").isEqualTo(original.keyframes);
    }
  }

  @Test
  void aWorkerFedFasterThanItEncodesSkipsToKeyframesAndStaysBounded() throws Exception {
    List<Recorded> rungs = new ArrayList<>();
    AbrWorker worker = worker(rungs);
    worker.video(new VideoTrack(clip.avcc()));
    worker.audio(new AudioTrack(clip.asc()));
    for (int round = 0; round < 3; round++) { // the clip three times at once: far faster than real time
      for (AccessUnit unit : clip.units()) {
        long shift = round * 4L * AccessUnit.CLOCK_HZ;
        worker.unit(new AccessUnit(unit.kind(), unit.dts() + shift, unit.pts() + shift, unit.keyframe(), unit.data()));
        assertThat(worker.videoQueued()).isLessThanOrEqualTo(AbrWorker.MAX_VIDEO_QUEUED);
      }
    }
    worker.finish();
    assertThat(worker.awaitStopped(30_000)).isTrue();
    assertThat(worker.droppedUnits() + worker.skippedFrames()).as("late frames left out, counted").isPositive();
    Decoded original = decode(write(sourceOf(), "whole"));
    for (int i = 0; i < ladder.size(); i++) {
      Decoded decoded = decode(write(rungs.get(i), "late-" + ladder.get(i).name()));
      assertThat(decoded.pictures).isPositive();
      assertThat(decoded.keyframes.get(0)).isEqualTo(original.keyframes.get(0));
    }
  }

  private static Recorded sourceOf() {
    Recorded source = new Recorded();
    LiveSegmenter s = new LiveSegmenter(LiveHlsOptions.DEFAULTS, () -> 0L, source);
    s.video(new VideoTrack(clip.avcc()));
    s.audio(new AudioTrack(clip.asc()));
    clip.units().forEach(s::unit);
    s.finish();
    return source;
  }

  /** A worker whose rungs' segmenters record into {@code rungs}, called on the worker's thread (the test's "context"). */
  private static AbrWorker worker(List<Recorded> rungs) {
    List<LiveSegmenter> segmenters = new ArrayList<>();
    for (Rung rung : ladder) {
      Recorded r = new Recorded();
      rungs.add(r);
      segmenters.add(new LiveSegmenter(LiveHlsOptions.DEFAULTS, () -> 0L, r));
    }
    return new AbrWorker("test", ladder, segmenters, 1, Runnable::run);
  }

  /** The rendition as one fragmented MP4: its init segment, then every segment. */
  private static Path write(Recorded r, String name) throws Exception {
    Path file = dir.resolve(name + ".mp4");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(r.inits.get(0).bytes());
      for (Segment s : r.segments) {
        s.writeTo(out);
      }
    }
    return file;
  }

  private record Decoded(int width, int height, int pictures, int audioFrames, List<Long> keyframes) {
  }

  /** What FFmpeg reads back: picture size and count, audio packets, and the keyframes' times in microseconds. */
  private static Decoded decode(Path file) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      int width = grabber.getImageWidth();
      int height = grabber.getImageHeight();
      int video = grabber.getVideoStream();
      List<Long> keyframes = new ArrayList<>();
      int audio = 0;
      AVPacket p;
      while ((p = grabber.grabPacket()) != null) {
        if (p.stream_index() == video && (p.flags() & avcodec.AV_PKT_FLAG_KEY) != 0) {
          keyframes.add(p.pts());
        } else if (p.stream_index() != video) {
          audio++;
        }
      }
      grabber.setTimestamp(0);
      int pictures = 0;
      while (grabber.grabImage() != null) {
        pictures++;
      }
      return new Decoded(width, height, pictures, audio, keyframes);
    }
  }
}
