package io.reelay.live.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.reelay.media.HlsMediaPlaylist;
import io.reelay.testing.TestMedia;
import io.reelay.testing.TestPackets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real H.264 + AAC packets from an encoded clip through the segmenter, written out as a live stream directory
 * would be, then read back with FFmpeg as a player would.
 */
class LiveHlsEndToEndTest {

  @TempDir
  Path dir;

  @Test
  void oneSecondGop() throws IOException {
    Path clip = TestMedia.clip(320, 240, 6).audio(true).write(dir);
    Result r = run(TestPackets.read(clip));
    assertThat(r.segments).hasSize(6).allSatisfy(s -> assertThat(s.seconds()).isCloseTo(1.0, within(0.03)));
    assertThat(r.segments).allSatisfy(s -> assertThat(s.start().independent()).isTrue());
  }

  @Test
  void fourSecondGopWithBFrames() throws IOException {
    Path clip = TestMedia.clip(320, 240, 9).audio(true).keyframeEvery(4 * TestMedia.FPS).bFrames(2).write(dir);
    Result r = run(TestPackets.read(clip));
    // keyframes at 0, 4 and 8 s with a 1 s target: forced cuts at 3 and 7 s, keyframe cuts at 4 and 8 s
    assertThat(r.segments).extracting(Segment::forced).containsExactly(true, false, true, false, false);
    assertThat(r.segments).extracting(s -> s.start().independent()).containsExactly(true, false, true, false, true);
    assertThat(r.segmenter.forcedSegments()).isEqualTo(2);
  }

  private record Result(List<Segment> segments, LiveSegmenter segmenter) {
  }

  private Result run(TestPackets packets) throws IOException {
    LiveHlsOptions options = new LiveHlsOptions(200, 1000, 3, 10_000, 1000, 100);
    LivePlaylist playlist = new LivePlaylist(options);
    List<Segment> recorded = new ArrayList<>();
    Path out = Files.createDirectories(dir.resolve("live"));
    SegmenterListener recorder = new SegmenterListener() {
      @Override
      public void init(InitSegment init) {
        write(out.resolve(HlsNames.init(init.version())), init.bytes());
      }

      @Override
      public void segment(Segment segment) {
        recorded.add(segment);
        try (OutputStream file = Files.newOutputStream(out.resolve(HlsNames.segment(segment.msn())))) {
          segment.writeTo(file);
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }

      @Override
      public void ended() {
      }
    };
    LiveSegmenter segmenter =
        new LiveSegmenter(options, System::currentTimeMillis, SegmenterListener.both(playlist, recorder));
    segmenter.video(new VideoTrack(packets.avcc()));
    segmenter.audio(new AudioTrack(packets.asc()));
    packets.units().forEach(segmenter::unit);
    segmenter.finish();
    Path index = Files.writeString(out.resolve("index.m3u8"), playlist.text());

    // the parts, one after the other, are the segment
    for (Segment s : recorded) {
      ByteArrayOutputStream parts = new ByteArrayOutputStream();
      for (int i = 0; playlist.part(s.msn(), i) != null; i++) {
        parts.writeBytes(playlist.part(s.msn(), i).media().copy());
      }
      assertThat(parts.toByteArray()).isEqualTo(Files.readAllBytes(out.resolve(HlsNames.segment(s.msn()))));
    }

    // the whole recording: every packet is there, every frame decodes
    Path all = out.resolve("all.mp4");
    try (OutputStream file = Files.newOutputStream(all)) {
      Files.copy(out.resolve(HlsNames.init(0)), file);
      for (Segment s : recorded) {
        Files.copy(out.resolve(HlsNames.segment(s.msn())), file);
      }
    }
    long videoUnits = packets.count(MediaKind.VIDEO);
    long audioUnits = packets.count(MediaKind.AUDIO);
    assertThat(audioUnits).isPositive();
    assertThat(countPackets(all)).containsExactly(videoUnits, audioUnits);
    assertThat(decodedFrames(all)).containsExactly(videoUnits, audioUnits);

    // each segment on its own, as a player joining there gets it: starts with a keyframe unless cut by force
    for (Segment s : recorded) {
      if (s.start().independent()) {
        Path joined = out.resolve("joined-" + s.msn() + ".mp4");
        Files.write(joined, concat(out.resolve(HlsNames.init(0)), out.resolve(HlsNames.segment(s.msn()))));
        assertThat(firstVideoPacketIsKey(joined)).as("segment " + s.msn()).isTrue();
      }
    }

    // the playlist: durations add up to the clip, and FFmpeg's HLS reader plays it all
    HlsMediaPlaylist parsed = HlsMediaPlaylist.parse(playlist.text());
    AccessUnit first = packets.units().get(0);
    AccessUnit last = packets.units().get(packets.units().size() - 1);
    double span = (last.dts() - first.dts()) / 90_000.0;
    assertThat(parsed.duration()).isCloseTo(span, within(0.1));
    assertThat(parsed.segments()).allSatisfy(seg -> assertThat(seg.duration()).isLessThanOrEqualTo(3.05));
    assertThat(playlist.text()).endsWith("#EXT-X-ENDLIST\n");
    assertThat(decodedFrames(index)).containsExactly(videoUnits, audioUnits);
    return new Result(recorded, segmenter);
  }

  private static long[] countPackets(Path file) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      long[] n = new long[2];
      AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        n[packet.stream_index() == grabber.getVideoStream() ? 0 : 1]++;
      }
      return n;
    }
  }

  private static long[] decodedFrames(Path file) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setImageMode(FrameGrabber.ImageMode.RAW);
      grabber.start();
      long[] n = new long[2];
      Frame frame;
      while ((frame = grabber.grabFrame(true, true, true, false, false)) != null) {
        n[frame.image != null ? 0 : 1]++;
      }
      return n;
    }
  }

  private static boolean firstVideoPacketIsKey(Path file) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        if (packet.stream_index() == grabber.getVideoStream()) {
          return (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
        }
      }
      return false;
    }
  }

  private static byte[] concat(Path a, Path b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Files.readAllBytes(a));
    out.writeBytes(Files.readAllBytes(b));
    return out.toByteArray();
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
