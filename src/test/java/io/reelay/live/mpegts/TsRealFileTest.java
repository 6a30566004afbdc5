package io.reelay.live.mpegts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import io.reelay.live.hls.LiveHlsOptions;
import io.reelay.live.hls.LiveSegmenter;
import io.reelay.live.hls.Recorded;
import io.reelay.live.hls.Segment;
import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.reelay.media.fmp4.AacConfig;
import io.reelay.media.fmp4.AvcConfig;
import io.reelay.testing.TestMedia;
import io.reelay.testing.TestPackets;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transport stream as FFmpeg writes one (libx264 with B-frames and a keyframe every second, AAC), fed the way SRT
 * delivers it, compared with what FFmpeg's own demuxer reads from the same file, then segmented and decoded.
 */
class TsRealFileTest {

  private static final int SECONDS = 4;

  @TempDir
  static Path dir;
  static Path file;
  static TestPackets ffmpeg;
  static RecordingSink sink = new RecordingSink();
  static TsStats stats;

  @BeforeAll
  static void demux() throws IOException {
    file = TestMedia.clip(320, 240, SECONDS).audio(true).bFrames(2).mpegTs().write(dir);
    ffmpeg = TestPackets.read(file);
    byte[] ts = Files.readAllBytes(file);
    TsDemuxer demuxer = new TsDemuxer(sink);
    for (int at = 0; at < ts.length; at += 1316) { // what an SRT datagram carries
      demuxer.feed(Buffer.buffer().appendBytes(ts, at, Math.min(1316, ts.length - at)));
    }
    demuxer.flush();
    stats = demuxer.stats();
  }

  private static List<AccessUnit> ffmpegUnits(MediaKind kind) {
    return ffmpeg.units().stream().filter(u -> u.kind() == kind).toList();
  }

  @Test
  void videoUnitsMatchWhatFfmpegReads() {
    List<AccessUnit> ours = sink.units(MediaKind.VIDEO);
    List<AccessUnit> theirs = ffmpegUnits(MediaKind.VIDEO);
    assertThat(ours).hasSize(SECONDS * TestMedia.FPS).hasSameSizeAs(theirs);
    assertThat(ours).extracting(AccessUnit::keyframe).isEqualTo(theirs.stream().map(AccessUnit::keyframe).toList());
    assertThat(ours).extracting(AccessUnit::dts).isEqualTo(theirs.stream().map(AccessUnit::dts).toList());
    assertThat(ours).extracting(AccessUnit::pts).isEqualTo(theirs.stream().map(AccessUnit::pts).toList());
    assertThat(ours).filteredOn(AccessUnit::keyframe).hasSize(SECONDS);
    assertThat(ours).as("B-frames: presentation differs from decode order")
        .anySatisfy(u -> assertThat(u.pts()).isGreaterThan(u.dts()));
    for (int i = 1; i < ours.size(); i++) {
      assertThat(ours.get(i).dts()).isGreaterThan(ours.get(i - 1).dts());
    }

    assertThat(sink.videoTracks()).as("SPS/PPS repeat at every keyframe, the track is sent once").hasSize(1);
    AvcConfig config = AvcConfig.parse(sink.videoTracks().get(0).avcDecoderConfigurationRecord());
    assertThat(config.width()).isEqualTo(320);
    assertThat(config.height()).isEqualTo(240);
    assertThat(sink.events.get(0)).as("the track before its units").isSameAs(sink.videoTracks().get(0));
  }

  @Test
  void audioFramesMatchWhatFfmpegReads() {
    List<AccessUnit> ours = sink.units(MediaKind.AUDIO);
    List<AccessUnit> theirs = ffmpegUnits(MediaKind.AUDIO);
    assertThat(ours).hasSameSizeAs(theirs).hasSizeGreaterThan(SECONDS * 40);
    for (int i = 0; i < ours.size(); i++) {
      assertThat(ours.get(i).dts()).as("frame %d", i).isCloseTo(theirs.get(i).dts(), within(1L));
      byte[] adts = theirs.get(i).data(); // FFmpeg's packets keep the ADTS header (7 bytes, 9 with a CRC)
      byte[] raw = Arrays.copyOfRange(adts, (adts[1] & 1) != 0 ? 7 : 9, adts.length);
      assertThat(ours.get(i).data()).as("frame %d", i).isEqualTo(raw);
    }
    assertThat(sink.audioTracks()).singleElement().satisfies(t -> {
      AacConfig config = AacConfig.parse(t.audioSpecificConfig());
      assertThat(config.sampleRate()).isEqualTo(TestMedia.SAMPLE_RATE);
      assertThat(config.channels()).isEqualTo(2);
      assertThat(config.objectType()).isEqualTo(2);
    });
  }

  @Test
  void nothingIsLostOrSkipped() {
    assertThat(stats).isEqualTo(new TsStats(stats.packets(), 0, 0, 0, 0, 0, 0, 0, 0));
    assertThat(stats.packets() * 188).isEqualTo(file.toFile().length());
  }

  @Test
  void theUnitsMakeSegmentsFfmpegDecodes() throws Exception {
    Recorded out = new Recorded();
    LiveSegmenter segmenter = new LiveSegmenter(LiveHlsOptions.DEFAULTS, System::currentTimeMillis, out);
    for (Object e : sink.events) {
      if (e instanceof AccessUnit u) {
        segmenter.unit(u);
      } else if (e instanceof VideoTrack v) {
        segmenter.video(v);
      } else {
        segmenter.audio((AudioTrack) e);
      }
    }
    segmenter.finish();

    assertThat(out.inits).singleElement().satisfies(i -> assertThat(i.codecs()).endsWith(",mp4a.40.2"));
    assertThat(out.segments).hasSize(SECONDS).allSatisfy(s -> assertThat(s.start().independent()).isTrue());
    assertThat(out.durations().subList(0, SECONDS - 1)).containsOnly(1.0);
    assertThat(out.durations().get(SECONDS - 1)).as("ends with the encoder's last audio frames")
        .isCloseTo(1.0, offset(0.15));
    assertThat(segmenter.droppedUnits()).isZero();

    ByteArrayOutputStream mp4 = new ByteArrayOutputStream();
    mp4.writeBytes(out.inits.get(0).bytes());
    for (Segment s : out.segments) {
      s.writeTo(mp4);
    }
    Path segmented = Files.write(dir.resolve("segmented.mp4"), mp4.toByteArray());
    int pictures = 0;
    int keyframes = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(segmented.toFile())) {
      grabber.start();
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        pictures++;
        keyframes += frame.keyFrame ? 1 : 0;
      }
    }
    assertThat(pictures).isEqualTo(SECONDS * TestMedia.FPS);
    assertThat(keyframes).isEqualTo(SECONDS);
  }
}
