package io.reelay.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.reelay.media.HlsChecks.Picture;
import io.reelay.testing.TestMedia;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sources whose stored pictures are not what is shown: rotated by a phone, anamorphic, interlaced, HDR. Each is
 * generated, probed and transcoded, and the renditions are decoded as a player would decode them.
 */
class SourcePicturesTest {

  private static final TranscodeSettings SETTINGS = TranscodeSettings.defaults();

  @TempDir
  static Path dir;

  /**
   * A phone's portrait video: 640x360 stored, with a display matrix. Shown upright it is 360x640 (a 90 or 270
   * turn) and the white square of the stored top-left corner lands in the corner the turn takes it to.
   */
  @ParameterizedTest
  @CsvSource({
      "90,  360, 640, top-right",
      "180, 640, 360, bottom-right",
      "270, 360, 640, bottom-left",
  })
  void rotatedVideoIsTurnedUprightOnceAndCarriesNoRotation(int degrees, int width, int height, String corner)
      throws Exception {
    Path source = TestMedia.clip(640, 360, 2).rotation(degrees).write(dir);
    MediaInfo info = MediaProbe.probe(source);
    assertThat(info.rotationDegrees()).isEqualTo(degrees);
    assertThat(info.width()).isEqualTo(width);
    assertThat(info.height()).isEqualTo(height);

    Path out = dir.resolve("rotated-" + degrees);
    TranscodeResult result = transcode(source, info, out);

    Rendition rung = result.renditions().get(result.renditions().size() - 1);
    assertThat(rung.name()).isEqualTo("360p");
    assertThat(rung.width()).isEqualTo(width);
    assertThat(rung.height()).isEqualTo(height);
    List<Picture> pictures = HlsChecks.decodePictures(out.resolve(rung.playlist()), 3);
    Picture first = pictures.get(0);
    assertThat(first.width()).isEqualTo(width);
    assertThat(first.height()).isEqualTo(height);
    assertThat(first.displayMatrix()).as("no rotation left for players to apply again").isFalse();
    assertThat(HlsChecks.statesRotation(source)).isTrue();
    assertThat(HlsChecks.statesRotation(out.resolve(rung.name()))).isFalse();
    int square = 360 / 5; // TestMedia's corner squares: a fifth of the short side
    assertThat(meanAtCorner(first, corner, square)).as("white square at the " + corner).isGreaterThan(200);
    assertThat(meanAtCorner(first, "top-left", square)).isLessThan(200);

    BufferedImage poster = HlsChecks.readJpeg(out.resolve(result.poster()));
    assertThat(poster.getWidth()).isEqualTo(width);
    assertThat(poster.getHeight()).isEqualTo(height);
    BufferedImage sprite = HlsChecks.readJpeg(out.resolve(TranscodeRun.THUMBS).resolve(Storyboard.sheetName(0)));
    int tileWidth = sprite.getWidth() / Storyboard.COLUMNS;
    assertThat(tileWidth).isEqualTo(width > height ? Storyboard.TILE_LONG : Storyboard.TILE_SHORT);
  }

  /** 4:3 PAL stored as 720x576 with 16:15 pixels: shown at 768x576, so the renditions are 4:3 in square pixels. */
  @Test
  void anamorphicVideoIsScaledToSquarePixels() throws Exception {
    Path source = TestMedia.clip(720, 576, 2).pixelAspect(16, 15).write(dir);
    MediaInfo info = MediaProbe.probe(source);
    assertThat(info.width()).isEqualTo(768);
    assertThat(info.height()).isEqualTo(576);

    Path out = dir.resolve("anamorphic");
    TranscodeResult result = transcode(source, info, out);

    assertThat(result.renditions()).extracting(Rendition::name, Rendition::width, Rendition::height).containsExactly(
        org.assertj.core.groups.Tuple.tuple("360p", 480, 360),
        org.assertj.core.groups.Tuple.tuple("480p", 640, 480));
    for (Rendition r : result.renditions()) {
      Picture first = HlsChecks.decodePictures(out.resolve(r.playlist()), 1).get(0);
      assertThat(first.width()).isEqualTo(r.width());
      assertThat(first.height()).isEqualTo(r.height());
      assertThat(first.sarNum()).as("square pixels (or unstated)").isEqualTo(first.sarDen());
    }
    BufferedImage poster = HlsChecks.readJpeg(out.resolve(result.poster()));
    assertThat(poster.getWidth()).isEqualTo(640);
    assertThat(poster.getHeight()).isEqualTo(480);
  }

  /**
   * An interlaced camera's video (fields half a frame apart, coded as fields): the probe says so, and the
   * rendition, at the source's own size so nothing blurs the comb away, is progressive and has no comb left.
   */
  @Test
  void interlacedVideoIsDeinterlaced() throws Exception {
    Path source = TestMedia.clip(640, 360, 2).interlaced().write(dir);
    MediaInfo info = MediaProbe.probe(source);
    assertThat(info.interlaced()).isTrue();
    List<Picture> stored = HlsChecks.decodePictures(source, 25);
    assertThat(stored).allMatch(Picture::interlaced);
    int storedComb = stored.stream().mapToInt(Picture::combedPixels).sum();

    Path out = dir.resolve("interlaced");
    TranscodeResult result = transcode(source, info, out);

    Rendition rung = result.renditions().get(0);
    assertThat(rung.width()).isEqualTo(640);
    assertThat(rung.height()).isEqualTo(360);
    List<Picture> shown = HlsChecks.decodePictures(out.resolve(rung.playlist()), 25);
    assertThat(shown).hasSize(25).noneMatch(Picture::interlaced);
    int shownComb = shown.stream().mapToInt(Picture::combedPixels).sum();
    System.out.printf("combed pixels in 25 frames: stored %d, rendition %d%n", storedComb, shownComb);
    assertThat(storedComb).as("the source really is combed").isGreaterThan(2000);
    assertThat(shownComb).isLessThan(storedComb / 20);
  }

  /**
   * HDR10-style PQ (10-bit BT.2020) comes out as 8-bit SDR BT.709, tone-mapped. The grey square, about 350 nits,
   * is a highlight: Hable's curve (to a 1,000-nit peak, the file stating none) shows it at about 200 of 235,
   * where its PQ code read as SDR would show a dull 154 and a conversion without tone mapping would clip it to
   * white (235) with everything above 100 nits. The white square, PQ's 10,000-nit maximum, is white.
   */
  @Test
  void hdrVideoIsToneMappedToSdrBt709() throws Exception {
    Path source = TestMedia.clip(640, 360, 2).hdrPq().write(dir);
    MediaInfo info = MediaProbe.probe(source);
    assertThat(info.colorTransfer()).isEqualTo("smpte2084");
    assertThat(info.hdr()).isTrue();

    Path out = dir.resolve("hdr");
    TranscodeResult result = transcode(source, info, out);

    Picture first = HlsChecks.decodePictures(out.resolve(result.renditions().get(0).playlist()), 1).get(0);
    assertThat(first.pixelFormat()).isEqualTo(AV_PIX_FMT_YUV420P);
    assertThat(first.primaries()).isEqualTo(AVCOL_PRI_BT709);
    assertThat(first.transfer()).isEqualTo(AVCOL_TRC_BT709);
    assertThat(first.matrix()).isEqualTo(AVCOL_SPC_BT709);
    int square = 360 / 5;
    double white = meanAtCorner(first, "top-left", square);
    double grey = meanAtCorner(first, "top-right", square);
    System.out.printf("PQ maximum -> Y %.1f, 350-nit grey -> Y %.1f%n", white, grey);
    assertThat(white).isGreaterThan(225);
    assertThat(grey).isBetween(185.0, 215.0);
  }

  /** Transcodes a 2 s clip; every rendition has all its frames, once each, at the source's rate. */
  private static TranscodeResult transcode(Path source, MediaInfo info, Path out) throws Exception {
    TranscodeResult result = Transcoder.transcode(source, info, out, SETTINGS, null);
    assertThat(result.durationMs()).isCloseTo(2000L, within(100L));
    for (Rendition r : result.renditions()) {
      assertThat(HlsChecks.decodePlaylist(out.resolve(r.playlist())).videoFrames()).as(r.name())
          .isCloseTo(2 * TestMedia.FPS, within(2));
    }
    return result;
  }

  /** The mean luma of the inner part of a corner square (its edges blur in scaling and compression). */
  private static double meanAtCorner(Picture p, String corner, int size) {
    int margin = size / 4;
    int x0 = corner.endsWith("left") ? margin : p.width() - size + margin;
    int y0 = corner.startsWith("top") ? margin : p.height() - size + margin;
    return p.meanLuma(x0, y0, x0 + size - 2 * margin, y0 + size - 2 * margin);
  }
}
