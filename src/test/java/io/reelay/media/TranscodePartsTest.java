package io.reelay.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT2020;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT2020_NCL;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_RGB;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_ARIB_STD_B67;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_BT2020_10;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.av_display_matrix_flip;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_set;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The transcoder's small pure parts: frame timing, codec strings, playlists, settings, picture fixes. */
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

  /**
   * Display matrices as FFmpeg writes them (av_display_rotation_set takes the angle clockwise; ffprobe reports it
   * counter-clockwise, so a phone's portrait video shows as "rotation of -90.00 degrees"), and the turn that shows
   * the picture upright, as the FFmpeg CLI's autorotate does it.
   */
  @ParameterizedTest
  @CsvSource({
      "0,    false, 0,   false, ''",
      "90,   false, 90,  false, transpose=clock",
      "180,  false, 180, false, 'hflip,vflip'",
      "270,  false, 270, false, transpose=cclock",
      "0,    true,  0,   true,  hflip",
      "90,   true,  90,  true,  transpose=cclock_flip",
      "180,  true,  180, true,  vflip",
      "-90,  true,  270, true,  transpose=clock_flip",
  })
  void orientationFromTheDisplayMatrix(double clockwise, boolean flipped, int degrees, boolean mirrored,
      String filter) {
    int[] matrix = new int[9];
    av_display_rotation_set(matrix, clockwise);
    if (flipped) {
      av_display_matrix_flip(matrix, 1, 0);
    }
    Orientation o = Orientation.fromMatrix(matrix);

    assertThat(o).isEqualTo(new Orientation(degrees, mirrored));
    assertThat(o.filter()).isEqualTo(filter);
    assertThat(o.swapsAxes()).isEqualTo(degrees % 180 != 0);
  }

  @Test
  void oddAnglesAndNoMatrixLeaveThePictureAsStored() {
    int[] tilted = new int[9];
    av_display_rotation_set(tilted, 30);
    assertThat(Orientation.fromMatrix(tilted)).isEqualTo(Orientation.UPRIGHT);
    assertThat(Orientation.fromMatrix(null)).isEqualTo(Orientation.UPRIGHT);
    assertThat(Orientation.fromMatrix(new int[9])).isEqualTo(Orientation.UPRIGHT);
  }

  @Test
  void displaySizeStretchesPixelsSquareThenTurns() {
    SourcePicture pal = picture(720, 576, 16, 15, Orientation.UPRIGHT, SDR);
    assertThat(pal.displayWidth()).isEqualTo(768);
    assertThat(pal.displayHeight()).isEqualTo(576);
    SourcePicture hdv = picture(1440, 1080, 4, 3, new Orientation(90, false), SDR);
    assertThat(hdv.displayWidth()).isEqualTo(1080);
    assertThat(hdv.displayHeight()).isEqualTo(1920);
  }

  /** An ordinary source gets no filters at all: its frames go to the renditions as decoded, at no extra cost. */
  @Test
  void picturesThatNeedNothingGetNoFilters() {
    assertThat(PictureFilters.describe(picture(1920, 1080, 1, 1, Orientation.UPRIGHT, SDR), false, 1920, 1080))
        .isEmpty();
    assertThat(PictureFilters.describe(picture(720, 576, 16, 15, Orientation.UPRIGHT, SDR), false, 768, 576))
        .as("the renditions' scalers square the pixels").isEmpty();
  }

  @Test
  void filtersDeinterlaceFirstThenTurnThenToneMapAtTheTopRungSize() {
    SourcePicture.Colour hlg = new SourcePicture.Colour(AVCOL_PRI_BT2020, AVCOL_TRC_ARIB_STD_B67, AVCOL_SPC_BT2020_NCL);
    String chain = PictureFilters.describe(picture(3840, 2160, 1, 1, new Orientation(90, false), hlg), true, 1080,
        1920);

    assertThat(chain).startsWith(PictureFilters.DEINTERLACE + ",transpose=clock,zscale=w=1080:h=1920:t=linear")
        .contains("tonemap=tonemap=hable").endsWith("zscale=t=bt709:m=bt709:r=tv,format=yuv420p");
    assertThat(PictureFilters.outputColour(picture(1920, 1080, 1, 1, Orientation.UPRIGHT, hlg)))
        .isEqualTo(SourcePicture.Colour.BT709);
  }

  @Test
  void wideGamutSdrIsConvertedWithoutToneMapping() {
    SourcePicture.Colour bt2020 = new SourcePicture.Colour(AVCOL_PRI_BT2020, AVCOL_TRC_BT2020_10, AVCOL_SPC_BT2020_NCL);
    String chain = PictureFilters.describe(picture(1920, 1080, 1, 1, Orientation.UPRIGHT, bt2020), false, 1920, 1080);

    assertThat(chain).startsWith("zscale=w=1920:h=1080:p=bt709").doesNotContain("tonemap");
    assertThat(PictureFilters.outputColour(picture(1920, 1080, 1, 1, Orientation.UPRIGHT, bt2020)))
        .isEqualTo(SourcePicture.Colour.BT709);
  }

  @Test
  void sdrKeepsItsOwnColourTagsExceptAnRgbMatrix() {
    SourcePicture.Colour sd = new SourcePicture.Colour(AVCOL_PRI_BT709, AVCOL_TRC_SMPTE170M, AVCOL_SPC_SMPTE170M);
    assertThat(PictureFilters.outputColour(picture(720, 576, 1, 1, Orientation.UPRIGHT, sd))).isEqualTo(sd);
    SourcePicture.Colour rgb = new SourcePicture.Colour(AVCOL_PRI_BT709, AVCOL_TRC_SMPTE170M, AVCOL_SPC_RGB);
    assertThat(PictureFilters.outputColour(picture(720, 576, 1, 1, Orientation.UPRIGHT, rgb)).matrix())
        .isEqualTo(AVCOL_SPC_UNSPECIFIED);
  }

  private static final SourcePicture.Colour SDR =
      new SourcePicture.Colour(AVCOL_PRI_UNSPECIFIED, AVCOL_TRC_UNSPECIFIED, AVCOL_SPC_UNSPECIFIED);

  private static SourcePicture picture(int w, int h, int sarNum, int sarDen, Orientation o, SourcePicture.Colour c) {
    return new SourcePicture(w, h, sarNum, sarDen, o, false, c);
  }
}
