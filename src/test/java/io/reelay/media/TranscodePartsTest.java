package io.reelay.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The transcoder's small pure parts: frame timing, codec strings, playlists, settings. */
class TranscodePartsTest {

  @Test
  void frameClockKeepsAConstantRateDroppingAndRepeatingFrames() {
    FrameClock clock = new FrameClock(1, 1000, 0, 25, 1); // source in ms, output 25 fps

    assertThat(take(clock, 0)).isEqualTo(1);
    assertThat(take(clock, 41)).as("jitter within a slot").isEqualTo(1);
    assertThat(take(clock, 20)).as("a frame more than a slot early").isZero();
    assertThat(take(clock, 200)).as("a 120 ms gap is filled").isEqualTo(4);
    assertThat(clock.next()).isEqualTo(6);
  }

  private static int take(FrameClock clock, long pts) {
    int slots = clock.slots(pts);
    clock.advance(slots);
    return slots;
  }

  @Test
  void codecStringFromSps() {
    byte[] annexB = {0, 0, 0, 1, 0x67, 0x64, 0x00, 0x28, (byte) 0xac, 0, 0, 0, 1, 0x68, (byte) 0xeb};
    assertThat(AvcCodecs.fromBytes(annexB)).isEqualTo("avc1.640028");
    byte[] avcC = {1, 0x4d, 0x40, 0x1f, (byte) 0xff};
    assertThat(AvcCodecs.fromBytes(avcC)).isEqualTo("avc1.4d401f");
  }

  @Test
  void masterPlaylist() {
    String m3u8 = HlsMaster.render(List.of(
        new Rendition("360p", 640, 360, 1_200_000, 1_100_000, "avc1.64001e,mp4a.40.2", 30000 / 1001.0,
            "360p/index.m3u8")));

    assertThat(m3u8).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-STREAM-INF:BANDWIDTH=1200000,AVERAGE-BANDWIDTH=1100000,RESOLUTION=640x360,\
        CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=29.970
        360p/index.m3u8
        """);
  }

  @Test
  void mediaPlaylistParses() {
    HlsMediaPlaylist p = HlsMediaPlaylist.parse("""
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-TARGETDURATION:4
        #EXT-X-MAP:URI="init.mp4"
        #EXTINF:4.000000,
        seg_00001.m4s
        #EXTINF:1.5,
        seg_00002.m4s
        #EXT-X-ENDLIST
        """);

    assertThat(p.map()).isEqualTo("init.mp4");
    assertThat(p.targetDuration()).isEqualTo(4);
    assertThat(p.segments()).containsExactly(new HlsMediaPlaylist.Segment("seg_00001.m4s", 4.0),
        new HlsMediaPlaylist.Segment("seg_00002.m4s", 1.5));
    assertThat(p.duration()).isEqualTo(5.5);
  }

  @Test
  void storyboardIntervalFollowsTheDuration() {
    TranscodeSettings auto = TranscodeSettings.defaults();
    assertThat(auto.storyboardInterval(4_000)).isEqualTo(2);
    assertThat(auto.storyboardInterval(60_000)).isEqualTo(2);
    assertThat(auto.storyboardInterval(600_000)).isEqualTo(6);
    assertThat(auto.storyboardInterval(3_600_000)).isEqualTo(10);
    assertThat(new TranscodeSettings(0, 4, 2, 5).storyboardInterval(3_600_000)).isEqualTo(5);
    assertThat(Storyboard.time(3_723_045)).isEqualTo("01:02:03.045");
  }

  @Test
  void segmentsMustBeAMultipleOfTheKeyframeInterval() {
    assertThatThrownBy(() -> new TranscodeSettings(0, 3, 2, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TranscodeSettings(-1, 4, 2, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
