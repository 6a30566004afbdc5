package io.reelay.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reelay.media.HlsChecks.Decoded;
import io.reelay.media.HlsChecks.Variant;
import io.reelay.testing.TestMedia;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscoderTest {

  private static final TranscodeSettings SETTINGS = TranscodeSettings.defaults();

  @TempDir
  static Path dir;
  private static Path fullHd; // 4 s 1920x1080 H.264 + AAC
  private static Path small; // 3 s 640x360 H.264 + AAC

  @BeforeAll
  static void encode() {
    fullHd = TestMedia.video(dir, 4, 1920, 1080, true);
    small = TestMedia.video(dir, 3, 640, 360, true);
  }

  @Test
  void fullHdWithAudioGetsTheWholeLadder() throws Exception {
    Path out = dir.resolve("full-hd");
    TranscodeResult result = transcode(fullHd, out, null);

    assertThat(result.renditions()).extracting(Rendition::name).containsExactly("360p", "480p", "720p", "1080p");
    checkOutput(out, result, 4, true);
    BufferedImage poster = HlsChecks.readJpeg(out.resolve(result.poster()));
    assertThat(poster.getWidth()).isEqualTo(1280);
    assertThat(poster.getHeight()).isEqualTo(720);
    List<Variant> variants = HlsChecks.readMaster(out.resolve(result.master()));
    assertThat(variants.get(3).get("CODECS")).isEqualTo("avc1.640028,mp4a.40.2"); // High 4.0 for 1080p25
    assertThat(variants.get(2).get("CODECS")).isEqualTo("avc1.64001f,mp4a.40.2"); // High 3.1 for 720p
  }

  @Test
  void smallClipGetsOneRungAndProgress() throws Exception {
    Path out = dir.resolve("small");
    List<Double> progress = new CopyOnWriteArrayList<>();
    TranscodeResult result = transcode(small, out, progress::add);

    assertThat(result.renditions()).extracting(Rendition::name, Rendition::width, Rendition::height)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("360p", 640, 360));
    checkOutput(out, result, 3, true);
    BufferedImage poster = HlsChecks.readJpeg(out.resolve(result.poster()));
    assertThat(poster.getWidth()).isEqualTo(640);
    assertThat(poster.getHeight()).isEqualTo(360);
    assertThat(progress).isNotEmpty().isSorted();
    assertThat(progress.get(progress.size() - 1)).isEqualTo(1.0);
  }

  /** 9 s: three segments (4 + 4 + 1 s), so alignment across renditions and segment cuts are really tested. */
  @Test
  void videoOnlyHasAlignedKeyframesInEveryRendition() throws Exception {
    Path source = TestMedia.video(dir, 9, 854, 480, false);
    Path out = dir.resolve("video-only");
    TranscodeResult result = transcode(source, out, null);

    assertThat(result.renditions()).extracting(Rendition::name).containsExactly("360p", "480p");
    assertThat(result.renditions()).extracting(Rendition::codecs).allMatch(c -> c.matches("avc1\\.64[0-9a-f]{4}"));
    List<List<Double>> keyframes = checkOutput(out, result, 9, false);
    // every 2 s exactly, at the same instants in both renditions (the first is shifted by x264's B-frame delay)
    assertThat(keyframes.get(0)).isEqualTo(keyframes.get(1));
    List<Double> times = keyframes.get(0);
    assertThat(times).hasSize(5);
    for (int i = 0; i < times.size(); i++) {
      assertThat(times.get(i) - times.get(0)).isCloseTo(2.0 * i, within(0.001));
    }
    assertThat(HlsMediaPlaylist.read(out.resolve("480p/index.m3u8")).segments()).hasSize(3);
  }

  @Test
  void audioOnlyGetsOneAudioRendition() throws Exception {
    Path source = TestMedia.audioOnly(dir, 3);
    Path out = dir.resolve("audio-only");
    TranscodeResult result = transcode(source, out, null);

    assertThat(result.renditions()).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("audio");
      assertThat(r.codecs()).isEqualTo("mp4a.40.2");
      assertThat(r.playlist()).isEqualTo("audio/index.m3u8");
      assertThat(r.averageBandwidth()).isBetween(80_000L, 200_000L);
    });
    assertThat(result.poster()).isNull();
    assertThat(result.storyboard()).isNull();
    assertThat(out.resolve("thumbs")).doesNotExist();
    List<Variant> variants = HlsChecks.readMaster(out.resolve(result.master()));
    assertThat(variants).singleElement().satisfies(v -> {
      assertThat(v.get("CODECS")).isEqualTo("mp4a.40.2");
      assertThat(v.attributes()).containsKeys("BANDWIDTH", "AVERAGE-BANDWIDTH").doesNotContainKey("RESOLUTION");
    });
    HlsChecks.checkSegments(out.resolve("audio/index.m3u8"), SETTINGS.segmentSeconds(), false);
    Decoded decoded = HlsChecks.decodePlaylist(out.resolve("audio/index.m3u8"));
    assertThat(decoded.videoFrames()).isZero();
    assertThat(decoded.audioFrames()).isGreaterThan(100); // 3 s of 1024-sample AAC frames at 48 kHz = 141
    assertThat(result.durationMs()).isCloseTo(3000L, within(100L));
  }

  @Test
  void replacesWhatTheOutputDirectoryHeld() throws Exception {
    Path out = dir.resolve("replaced");
    Files.createDirectories(out.resolve("old"));
    Files.writeString(out.resolve("master.m3u8"), "stale");
    transcode(small, out, null);

    assertThat(out.resolve("old")).doesNotExist();
    assertThat(Files.readString(out.resolve("master.m3u8"))).startsWith("#EXTM3U");
    assertNoLeftovers(dir);
  }

  @Test
  void truncatedFileFailsWithAReason() throws Exception {
    Path whole = TestMedia.fastStartVideo(dir, 3, 640, 360, true); // index first: opens, then runs out of data
    MediaInfo info = MediaProbe.probe(whole);
    Path truncated = truncate(whole, 0.5);
    Path out = dir.resolve("truncated");

    assertThatThrownBy(() -> Transcoder.transcode(truncated, info, out, SETTINGS, null))
        .isInstanceOf(TranscodeException.class)
        .hasMessageContaining("truncated")
        .hasMessageNotContaining(dir.toString());
    assertThat(out).doesNotExist();
    assertNoLeftovers(dir);

    Path noIndex = truncate(TestMedia.video(dir, 3, 640, 360, true), 0.5); // index last: does not even open
    assertThatThrownBy(() -> Transcoder.transcode(noIndex, info, out, SETTINGS, null))
        .isInstanceOf(TranscodeException.class)
        .hasMessageStartingWith("not a recognised media file");
    assertThat(out).doesNotExist();
  }

  @Test
  void textRenamedMp4FailsWithAReason() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.mp4"), "just some notes\n".repeat(100));
    assertThatThrownBy(() -> MediaProbe.probe(text)).isInstanceOf(UnplayableMediaException.class);
    MediaInfo claimed = MediaProbe.probe(small); // a caller that skipped the probe
    Path out = dir.resolve("text");

    assertThatThrownBy(() -> Transcoder.transcode(text, claimed, out, SETTINGS, null))
        .isInstanceOf(TranscodeException.class)
        .hasMessageStartingWith("not a recognised media file");
    assertThat(out).doesNotExist();
    assertNoLeftovers(dir);
  }

  @Test
  void interruptStopsPromptlyAndLeavesNothing() throws Exception {
    Path source = TestMedia.video(dir, 12, 1280, 720, true);
    MediaInfo info = MediaProbe.probe(source);
    Path parent = Files.createDirectories(dir.resolve("interrupted"));
    Path out = parent.resolve("video");
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread job = new Thread(() -> {
      try {
        Transcoder.transcode(source, info, out, SETTINGS, f -> {
          if (f > 0.1) {
            started.countDown();
          }
        });
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    job.start();
    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
    long interruptedAt = System.nanoTime();
    job.interrupt();
    job.join(10_000);
    double stopSeconds = (System.nanoTime() - interruptedAt) / 1e9;

    assertThat(job.isAlive()).isFalse();
    assertThat(stopSeconds).as("stops promptly").isLessThan(2);
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    try (Stream<Path> left = Files.list(parent)) {
      assertThat(left).isEmpty();
    }
  }

  private static TranscodeResult transcode(Path source, Path out, TranscodeProgress progress) throws Exception {
    MediaInfo info = MediaProbe.probe(source);
    long start = System.nanoTime();
    TranscodeResult result = Transcoder.transcode(source, info, out, SETTINGS, progress);
    String what = info.hasVideo() ? info.width() + "x" + info.height() : "audio";
    System.out.printf("transcoded %s (%d s) in %.2f s%n", what, info.durationMs() / 1000,
        (System.nanoTime() - start) / 1e9);
    return result;
  }

  /**
   * Checks the master playlist against the result, and every rendition: it decodes to the right number of
   * frames at the right size, every segment starts with a keyframe, EXTINFs are within the target; then the
   * poster and storyboard.
   *
   * @return the keyframe times of each rendition
   */
  private static List<List<Double>> checkOutput(Path out, TranscodeResult result, int seconds, boolean audio)
      throws IOException {
    assertThat(result.master()).isEqualTo("master.m3u8");
    assertThat(result.durationMs()).isCloseTo(seconds * 1000L, within(100L));
    List<Variant> variants = HlsChecks.readMaster(out.resolve(result.master()));
    assertThat(variants).hasSameSizeAs(result.renditions());
    List<List<Double>> keyframes = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      Variant v = variants.get(i);
      Rendition r = result.renditions().get(i);
      assertThat(v.uri()).isEqualTo(r.playlist()).isEqualTo(r.name() + "/index.m3u8");
      assertThat(Long.parseLong(v.get("BANDWIDTH"))).isEqualTo(r.bandwidth())
          .isGreaterThanOrEqualTo(Long.parseLong(v.get("AVERAGE-BANDWIDTH")));
      assertThat(Long.parseLong(v.get("AVERAGE-BANDWIDTH"))).isEqualTo(r.averageBandwidth()).isPositive();
      assertThat(v.get("RESOLUTION")).isEqualTo(r.width() + "x" + r.height());
      assertThat(v.get("FRAME-RATE")).isEqualTo("25.000");
      assertThat(v.get("CODECS")).matches(audio ? "avc1\\.64[0-9a-f]{4},mp4a\\.40\\.2" : "avc1\\.64[0-9a-f]{4}");
      if (i > 0) {
        assertThat(r.averageBandwidth()).isGreaterThan(result.renditions().get(i - 1).averageBandwidth());
      }

      Path playlist = out.resolve(r.playlist());
      Decoded decoded = HlsChecks.decodePlaylist(playlist);
      assertThat(decoded.videoFrames()).isCloseTo(seconds * TestMedia.FPS, within(2));
      assertThat(decoded.width()).isEqualTo(r.width());
      assertThat(decoded.height()).isEqualTo(r.height());
      assertThat(decoded.audioFrames() > 0).isEqualTo(audio);
      keyframes.add(HlsChecks.checkSegments(playlist, SETTINGS.segmentSeconds(), true));
    }
    assertThat(result.poster()).isEqualTo("thumbs/poster.jpg");
    assertThat(result.storyboard()).isEqualTo("thumbs/storyboard.vtt");
    int cues = HlsChecks.checkStoryboard(out.resolve(result.storyboard()), result.durationMs() / 1000.0);
    assertThat(cues).isEqualTo((seconds + 1) / 2); // a tile every 2 s for short videos
    return keyframes;
  }

  private static Path truncate(Path file, double keep) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Path cut = file.resolveSibling("cut-" + file.getFileName());
    return Files.write(cut, java.util.Arrays.copyOf(bytes, (int) (bytes.length * keep)));
  }

  /** No staging or old directories left beside the outputs. */
  private static void assertNoLeftovers(Path parent) throws IOException {
    try (Stream<Path> entries = Files.list(parent)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains(".partial-") || n.contains(".old-"));
    }
  }
}
