package io.reelay.live.hls;

import static io.reelay.live.hls.Recorded.AUDIO;
import static io.reelay.live.hls.Recorded.VIDEO;
import static io.reelay.live.hls.Recorded.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.reelay.media.fmp4.Boxes;
import io.reelay.media.fmp4.InitSegmentWriter;
import io.reelay.media.fmp4.TestConfigs;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveSegmenterTest {

  private static final long T0 = 1_700_000_000_000L;
  private final Recorded out = new Recorded();
  private final AtomicLong clock = new AtomicLong(T0);
  private final LiveSegmenter segmenter = segmenter(LiveHlsOptions.DEFAULTS);

  private LiveSegmenter segmenter(LiveHlsOptions options) {
    return new LiveSegmenter(options, clock::get, out);
  }

  @Test
  void cutsSegmentsAtKeyframesAndPartsAtThePartTarget() {
    segmenter.video(VIDEO);
    segmenter.audio(AUDIO);
    feed(segmenter, 0, 5, 25, 25, true);
    segmenter.finish();

    assertThat(out.inits).singleElement().satisfies(i -> {
      assertThat(i.codecs()).isEqualTo("avc1.42c01e,mp4a.40.2");
      assertThat(i.width()).isEqualTo(640);
    });
    assertThat(out.segments).hasSize(5);
    assertThat(out.durations().subList(0, 4)).allSatisfy(d -> assertThat(d).isCloseTo(1.0, within(1e-9)));
    assertThat(out.durations().get(4)).isCloseTo(1.0, within(0.03)); // ends with the last audio frame
    for (Segment s : out.segments) {
      assertThat(s.parts()).hasSize(5);
      assertThat(s.parts()).extracting(Part::independent).containsExactly(true, false, false, false, false);
      assertThat(s.parts().subList(0, 4)).allSatisfy(p -> assertThat(p.duration()).isEqualTo(18_000));
      assertThat(s.start().independent()).isTrue();
      assertThat(s.forced()).isFalse();
      assertThat(Boxes.parse(s.toByteArray())).extracting(Boxes::type) // the parts, one after the other
          .containsExactly("moof", "mdat", "moof", "mdat", "moof", "mdat", "moof", "mdat", "moof", "mdat");
    }
    assertThat(out.parts).hasSize(25);
    assertThat(samples(InitSegmentWriter.VIDEO_TRACK)).isEqualTo(125);
    assertThat(samples(InitSegmentWriter.AUDIO_TRACK)).isEqualTo(235); // every audio frame, once
    assertThat(out.ended).isTrue();
    assertThat(segmenter.forcedSegments()).isZero();
  }

  @Test
  void millisecondTimestampsAt30FpsMakeEvenPartsWithoutAOneFrameTail() {
    // RTMP carries milliseconds: 30 fps arrives as 0, 33, 67, 100... so six frames span 200 or 201 ms.
    segmenter.video(VIDEO);
    for (int frame = 0; frame < 4 * 30 + 1; frame++) {
      long ticks = Math.round(frame * 1000.0 / 30) * 90;
      segmenter.unit(new AccessUnit(MediaKind.VIDEO, ticks, ticks, frame % 30 == 0, new byte[] {0, 0, 0, 1, 5}));
    }
    assertThat(out.segments).hasSize(4);
    // A one-frame part closing each segment made hls.js stall (it did not load it and ran dry).
    assertThat(out.segments).allSatisfy(seg -> assertThat(seg.parts()).hasSize(5)
        .allSatisfy(part -> assertThat(part.duration()).isBetween(199L * 90, 201L * 90)));
  }

  @Test
  void aLongGopStretchesTheSegmentToTheNextKeyframe() {
    segmenter.video(VIDEO);
    feed(segmenter, 0, 6.04, 25, 50, false); // 2 s GOP, 1 s target
    assertThat(out.durations()).containsExactly(2.0, 2.0, 2.0);

    Recorded four = new Recorded();
    LiveSegmenter patient = new LiveSegmenter(new LiveHlsOptions(200, 1000, 5, 10_000, 1000, 7), clock::get, four);
    patient.video(VIDEO);
    feed(patient, 0, 8.04, 25, 100, false); // 4 s GOP, cap 5 s
    assertThat(four.durations()).containsExactly(4.0, 4.0);
    assertThat(patient.forcedSegments()).isZero();
  }

  @Test
  void withoutAKeyframeASegmentIsForcedAtThreeTimesTheTarget() {
    segmenter.video(VIDEO);
    segmenter.audio(AUDIO);
    feed(segmenter, 0, 8.04, 25, 100, true); // 4 s GOP, 1 s target: cap at 3 s
    assertThat(out.durations()).containsExactly(3.0, 1.0, 3.0, 1.0);
    assertThat(out.segments).extracting(Segment::forced).containsExactly(true, false, true, false);
    assertThat(out.starts).extracting(SegmentStart::independent).startsWith(true, false, true, false);
    assertThat(segmenter.forcedSegments()).isEqualTo(2);
    assertThat(out.segments.get(1).parts().get(0).independent()).isFalse();
  }

  @Test
  void audioOnlyCutsOnAudioFrames() {
    segmenter.audio(AUDIO);
    feed(segmenter, 0, 3.1, 0, 1, true);
    assertThat(out.inits.get(0).codecs()).isEqualTo("mp4a.40.2");
    assertThat(out.segments).hasSize(3);
    assertThat(out.durations()).allSatisfy(d -> assertThat(d).isBetween(1.0, 1.0 + 0.0214));
    assertThat(out.parts).allSatisfy(p -> {
      assertThat(p.independent()).isTrue();
      assertThat(p.duration()).isPositive().isLessThanOrEqualTo(18_000);
      assertThat(p.duration() % 1920).as("whole AAC frames").isZero();
    }).hasSizeGreaterThan(15);
    assertThat(out.segments.get(0).parts().get(0).duration()).isEqualTo(9 * 1920);
  }

  @Test
  void durationsFollowTheFrameTimestamps() {
    segmenter.video(VIDEO);
    feed(segmenter, 0, 10, 30_000 / 1001.0, 30, false); // 29.97 fps, keyframe every 30 frames
    segmenter.finish();
    double total = out.durations().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(total).isCloseTo(300 * 1001 / 30_000.0, within(0.001)); // 300 frames
    assertThat(out.durations().get(0)).isCloseTo(1.001, within(0.0001));
    // Six frames (200.2 ms) per part: within the target plus 2 ms of timestamp jitter, and no one-frame tail.
    assertThat(out.parts).allSatisfy(p -> assertThat(p.duration()).isLessThanOrEqualTo(18_000 + 180));
    assertThat(out.segments).allSatisfy(seg -> assertThat(seg.parts()).hasSize(5));
  }

  @Test
  void videoBeforeTheFirstKeyframeIsDropped() {
    segmenter.video(VIDEO);
    for (int i = 0; i < 10; i++) {
      segmenter.unit(new AccessUnit(MediaKind.VIDEO, i * 3600L, i * 3600L, false, new byte[] {1}));
    }
    assertThat(out.starts).isEmpty();
    feed(segmenter, 36_000, 2.04, 25, 25, false);
    assertThat(segmenter.droppedUnits()).isEqualTo(10);
    assertThat(out.parts.get(0).independent()).isTrue();
  }

  @Test
  void newTracksCloseTheSegmentAndStartANewInitWithADiscontinuity() {
    segmenter.video(VIDEO);
    segmenter.audio(AUDIO);
    feed(segmenter, 0, 1.5, 25, 25, true);
    segmenter.video(VIDEO); // the same again: nothing happens
    assertThat(out.segments).hasSize(1);
    segmenter.video(new VideoTrack(TestConfigs.avcc(1280, 720)));
    assertThat(out.segments).hasSize(2); // the open one was closed, its last frame given a nominal duration
    assertThat(out.segments.get(1).seconds()).isCloseTo(0.5, within(0.03));
    feed(segmenter, 135_000, 1.04, 25, 25, true);
    assertThat(out.inits).extracting(InitSegment::version).containsExactly(0, 1);
    assertThat(out.inits.get(1).width()).isEqualTo(1280);
    SegmentStart next = out.starts.get(2);
    assertThat(next.initVersion()).isEqualTo(1);
    assertThat(next.discontinuity()).isTrue();
    assertThat(out.starts.get(1).discontinuity()).isFalse();
  }

  @Test
  void resumeContinuesTheSequenceAfterAReconnect() {
    segmenter.video(VIDEO);
    segmenter.audio(AUDIO);
    feed(segmenter, 500 * 90_000L, 2.5, 25, 25, true);
    segmenter.flush();
    assertThat(out.segments).hasSize(3);
    long end = tfdtEnd(out.segments.get(2));
    clock.addAndGet(60_000); // a minute later the publisher is back, its clock at 0 again
    segmenter.resume(VIDEO, AUDIO);
    feed(segmenter, 0, 2.04, 25, 25, true);
    assertThat(out.segments).hasSize(5);
    assertThat(out.segments.get(3).msn()).isEqualTo(3);
    SegmentStart resumed = out.starts.get(3);
    assertThat(resumed.discontinuity()).isTrue();
    assertThat(resumed.initVersion()).isZero(); // same tracks: same init segment
    assertThat(resumed.programDateTime()).isEqualTo(T0 + 60_000);
    assertThat(tfdt(out.segments.get(3).parts().get(0), InitSegmentWriter.VIDEO_TRACK)).isGreaterThanOrEqualTo(end);
    assertThat(out.starts.get(4).discontinuity()).isFalse();
  }

  @Test
  void aTimestampBreakMakesTheNextSegmentADiscontinuity() {
    segmenter.video(VIDEO);
    feed(segmenter, 0, 1.5, 25, 25, false);
    clock.addAndGet(1500);
    feed(segmenter, 7200 * 90_000L, 2.04, 25, 25, false); // the source clock jumps two hours
    assertThat(segmenter.repair().breaks()).isEqualTo(1);
    assertThat(out.starts).extracting(SegmentStart::discontinuity).containsExactly(false, false, true, false);
    assertThat(out.durations()).containsExactly(1.0, 1.52, 1.0); // the timeline went on: frame 1.48 s, then 1.52 s
    assertThat(out.starts.get(0).programDateTime()).isEqualTo(T0);
    assertThat(out.starts.get(1).programDateTime()).isEqualTo(T0 + 1000); // from the media time
    assertThat(out.starts.get(2).programDateTime()).isEqualTo(T0 + 1500); // re-read from the clock
  }

  @Test
  void finishFlushesAndIgnoresWhatFollows() {
    segmenter.video(VIDEO);
    feed(segmenter, 0, 0.5, 25, 25, false);
    assertThat(out.segments).isEmpty();
    segmenter.finish();
    assertThat(out.durations()).containsExactly(0.52); // 13 frames
    assertThat(out.ended).isTrue();
    feed(segmenter, 45_000, 1, 25, 25, false);
    assertThat(out.segments).hasSize(1);
  }

  private int samples(int trackId) {
    int n = 0;
    for (Part p : out.parts) {
      for (Boxes traf : Boxes.first(Boxes.parse(p.media().copy()), "moof").all("traf")) {
        if (traf.find("tfhd").payload().getInt(4) == trackId) {
          n += traf.find("trun").payload().getInt(4);
        }
      }
    }
    return n;
  }

  static long tfdt(Part part, int trackId) {
    for (Boxes traf : Boxes.first(Boxes.parse(part.media().copy()), "moof").all("traf")) {
      if (traf.find("tfhd").payload().getInt(4) == trackId) {
        return traf.find("tfdt").payload().getLong(4);
      }
    }
    throw new AssertionError("no track " + trackId);
  }

  /** End of the video in a segment: its last part's tfdt plus its sample durations. */
  private static long tfdtEnd(Segment s) {
    Part last = s.parts().get(s.parts().size() - 1);
    for (Boxes traf : Boxes.first(Boxes.parse(last.media().copy()), "moof").all("traf")) {
      if (traf.find("tfhd").payload().getInt(4) == InitSegmentWriter.VIDEO_TRACK) {
        var trun = traf.find("trun").payload();
        long end = traf.find("tfdt").payload().getLong(4);
        for (int i = 0; i < trun.getInt(4); i++) {
          end += trun.getInt(12 + i * 16);
        }
        return end;
      }
    }
    throw new AssertionError();
  }

  static List<String> types(byte[] bytes) {
    return Boxes.parse(bytes).stream().map(Boxes::type).toList();
  }
}
