package io.reelay.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LadderTest {

  private static MediaInfo video(int width, int height, double fps, long bitRate) {
    return new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", 60_000, width, height, fps, "h264", "aac", bitRate);
  }

  private static List<String> names(List<Rung> rungs) {
    return rungs.stream().map(Rung::name).toList();
  }

  @Test
  void fullHdGetsFourRungsWithPeerTubeBitrates() {
    List<Rung> rungs = Ladder.plan(video(1920, 1080, 30, 20_000_000));

    assertThat(rungs).containsExactly(
        new Rung("1080p", 1920, 1080, 6_000_000),
        new Rung("720p", 1280, 720, 3_000_000),
        new Rung("480p", 854, 480, 1_500_000),
        new Rung("360p", 640, 360, 1_000_000));
  }

  @Test
  void neverAboveTheSource() {
    assertThat(names(Ladder.plan(video(1280, 720, 30, 20_000_000)))).containsExactly("720p", "480p", "360p");
    assertThat(names(Ladder.plan(video(3840, 2160, 30, 40_000_000))))
        .containsExactly("1080p", "720p", "480p", "360p");
    assertThat(Ladder.plan(video(640, 360, 25, 5_000_000))).extracting(Rung::name, Rung::width, Rung::height)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("360p", 640, 360));
  }

  @Test
  void belowThreeSixtyGetsOneRungAtItsOwnSize() {
    assertThat(Ladder.plan(video(320, 240, 25, 5_000_000))).extracting(Rung::name, Rung::width, Rung::height)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("240p", 320, 240));
    assertThat(Ladder.plan(video(175, 97, 25, 5_000_000))).extracting(Rung::width, Rung::height)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(176, 98)); // even
  }

  @Test
  void cinemascopeKeepsItsAspectWithEvenDimensions() {
    List<Rung> rungs = Ladder.plan(video(1280, 544, 24, 20_000_000));

    assertThat(names(rungs)).containsExactly("720p", "480p", "360p");
    assertThat(rungs.get(0)).extracting(Rung::width, Rung::height).containsExactly(1280, 544);
    for (Rung r : rungs) {
      assertThat(r.width() % 2).isZero();
      assertThat(r.height() % 2).isZero();
      assertThat((double) r.width() / r.height()).isCloseTo(1280 / 544.0, within(0.02));
    }
    // fewer pixels than the 16:9 box, 24 fps: proportionally fewer bits than 3 Mb/s
    assertThat(rungs.get(0).videoBitrate()).isCloseTo(Math.round(3e6 * 1280 * 544 / (1280 * 720) * 24 / 30),
        within(1000L));
  }

  @Test
  void portraitIsNamedByItsShortSide() {
    List<Rung> rungs = Ladder.plan(video(1080, 1920, 30, 20_000_000));

    assertThat(rungs).extracting(Rung::name, Rung::width, Rung::height).containsExactly(
        org.assertj.core.groups.Tuple.tuple("1080p", 1080, 1920),
        org.assertj.core.groups.Tuple.tuple("720p", 720, 1280),
        org.assertj.core.groups.Tuple.tuple("480p", 480, 854),
        org.assertj.core.groups.Tuple.tuple("360p", 360, 640));
    assertThat(rungs.get(0).videoBitrate()).isEqualTo(6_000_000); // same pixels as landscape 1080p
  }

  @Test
  void bitratesScaleWithFrameRate() {
    assertThat(Ladder.plan(video(1920, 1080, 60, 50_000_000)).get(0).videoBitrate()).isEqualTo(9_000_000);
    assertThat(Ladder.plan(video(1920, 1080, 25, 50_000_000)).get(0).videoBitrate()).isEqualTo(5_000_000);
    assertThat(Ladder.plan(video(1920, 1080, 120, 50_000_000)).get(0).videoBitrate())
        .as("output is capped at 60 fps").isEqualTo(9_000_000);
  }

  @Test
  void cappedByALowSourceBitrate() {
    List<Rung> rungs = Ladder.plan(video(1920, 1080, 30, 2_000_000));

    assertThat(rungs).extracting(Rung::videoBitrate).containsExactly(2_000_000L, 2_000_000L, 1_500_000L, 1_000_000L);
  }

  @Test
  void audioOnlyHasNoRungs() {
    assertThat(Ladder.plan(new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", 5000, null, null, null, null, "aac", 128_000)))
        .isEmpty();
  }
}
