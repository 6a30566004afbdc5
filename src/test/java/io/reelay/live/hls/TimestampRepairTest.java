package io.reelay.live.hls;

import static io.reelay.live.ingest.MediaKind.AUDIO;
import static io.reelay.live.ingest.MediaKind.VIDEO;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.live.ingest.MediaKind;
import org.junit.jupiter.api.Test;

class TimestampRepairTest {

  private final TimestampRepair repair = new TimestampRepair(10_000, 1000);

  private long dts(MediaKind kind, long src) {
    repair.apply(kind, src, src);
    return repair.dts();
  }

  @Test
  void rebasesTheFirstTimestampToZeroForBothTracks() {
    assertThat(dts(VIDEO, 900_000)).isZero();
    assertThat(dts(AUDIO, 901_800)).isEqualTo(1800);
    assertThat(dts(VIDEO, 903_600)).isEqualTo(3600);
    assertThat(repair.nudged()).isZero();
  }

  @Test
  void nudgesBackwardStepsAndDuplicatesJustPastThePrevious() {
    dts(VIDEO, 0);
    assertThat(dts(VIDEO, 3600)).isEqualTo(3600);
    assertThat(dts(VIDEO, 3600)).isEqualTo(3601); // duplicate
    assertThat(dts(VIDEO, 1000)).isEqualTo(3602); // backward step
    assertThat(dts(VIDEO, 7200)).isEqualTo(7200); // and back on its clock
    assertThat(repair.nudged()).isEqualTo(2);
    assertThat(repair.breaks()).isZero();
    assertThat(repair.takeBreak()).isFalse();
  }

  @Test
  void keepsSmallGapsAndNeverPutsPtsBeforeDts() {
    dts(VIDEO, 0);
    assertThat(dts(VIDEO, 5 * 90_000)).isEqualTo(5 * 90_000); // a 5 s stall is real time
    repair.apply(VIDEO, 5 * 90_000 + 3600, 5 * 90_000); // pts before dts
    assertThat(repair.pts()).isEqualTo(repair.dts());
    repair.apply(VIDEO, 5 * 90_000 + 7200, 5 * 90_000 + 14_400); // a B-frame offset survives
    assertThat(repair.pts() - repair.dts()).isEqualTo(7200);
    assertThat(repair.breaks()).isZero();
  }

  @Test
  void aBigJumpIsABreakThatContinuesTheTimelineAndKeepsTracksTogether() {
    for (long t = 0; t <= 36_000; t += 3600) {
      dts(VIDEO, t);
      dts(AUDIO, t + 100);
    }
    // the source jumps 1 hour ahead; the video notices first
    long jump = 3600L * 90_000;
    long video = dts(VIDEO, jump + 39_600);
    assertThat(video).isEqualTo(36_000 + 3600); // one frame after where it was
    assertThat(repair.takeBreak()).isTrue();
    assertThat(repair.takeBreak()).isFalse();
    long audio = dts(AUDIO, jump + 39_700);
    assertThat(audio - video).isEqualTo(100); // the audio takes the same offset: still 100 ticks apart
    assertThat(repair.breaks()).isEqualTo(1);
    assertThat(repair.takeBreak()).isFalse();

    // and back in time by an hour (an encoder restart): another break, still continuous
    long back = dts(VIDEO, 43_200);
    assertThat(back).isEqualTo(video + 3600);
    assertThat(repair.breaks()).isEqualTo(2);
  }

  @Test
  void aTrackKeepsItsOffsetForLateUnitsFromBeforeTheOtherTracksBreak() {
    dts(VIDEO, 0);
    dts(AUDIO, 0);
    dts(VIDEO, 3600);
    dts(VIDEO, 100 * 90_000 + 7200); // video jumps 100 s
    assertThat(dts(AUDIO, 1920)).isEqualTo(1920); // audio from before the jump: not moved
    long audio = dts(AUDIO, 100 * 90_000 + 7300);
    assertThat(audio).isEqualTo(7200 + 100);
  }

  @Test
  void unwrapsTheSourceClock() {
    long wrap = 1L << 33; // MPEG-TS
    dts(VIDEO, wrap - 7200);
    dts(AUDIO, wrap - 7000);
    assertThat(dts(VIDEO, wrap - 3600)).isEqualTo(3600);
    assertThat(dts(VIDEO, 0)).isEqualTo(7200);
    assertThat(dts(AUDIO, 200)).isEqualTo(7400);
    assertThat(dts(VIDEO, 3600)).isEqualTo(10_800);
    assertThat(repair.wraps()).isEqualTo(2);
    assertThat(repair.breaks()).isZero();

    TimestampRepair rtmp = new TimestampRepair(10_000, 1000);
    long rtmpWrap = (1L << 32) * 90; // 32-bit milliseconds
    rtmp.apply(VIDEO, rtmpWrap - 3600, rtmpWrap - 3600);
    rtmp.apply(VIDEO, 0, 0);
    assertThat(rtmp.dts()).isEqualTo(3600);
  }

  @Test
  void restartContinuesWhereTheLastSegmentEnded() {
    dts(VIDEO, 500_000);
    dts(AUDIO, 500_000);
    dts(VIDEO, 503_600);
    repair.restartAt(10_000);
    assertThat(dts(AUDIO, 0)).isEqualTo(10_000);
    assertThat(dts(VIDEO, 0)).isEqualTo(10_000);
    assertThat(dts(VIDEO, 3600)).isEqualTo(13_600);
    assertThat(repair.breaks()).isZero();
  }
}
