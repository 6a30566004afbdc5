package io.reelay.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reelay.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaProbeTest {

  private static final String MP4 = "mov,mp4,m4a,3gp,3g2,mj2";

  @TempDir
  static Path dir;
  private static Path clip; // 3 s 640x360 H.264 + AAC, moov atom at the end

  @BeforeAll
  static void encode() {
    clip = TestMedia.video(dir, 3, 640, 360, true);
  }

  @Test
  void videoWithAudio() throws Exception {
    MediaInfo info = MediaProbe.probe(clip);

    assertThat(info.container()).isEqualTo(MP4);
    assertThat(info.videoCodec()).isEqualTo("h264");
    assertThat(info.audioCodec()).isEqualTo("aac");
    assertThat(info.width()).isEqualTo(640);
    assertThat(info.height()).isEqualTo(360);
    assertThat(info.frameRate()).isCloseTo(25.0, within(0.01));
    assertThat(info.durationMs()).isCloseTo(3000L, within(100L));
    assertThat(info.bitRate()).isPositive();
    assertThat(info.rotationDegrees()).isZero();
    assertThat(info.interlaced()).isFalse();
    assertThat(info.colorTransfer()).isNull(); // libx264 by default tags nothing
    assertThat(info.hdr()).isFalse();
    assertThat(MediaInfo.fromJson(info.toJson())).isEqualTo(info);
  }

  @Test
  void pictureDetailsSurviveJsonAndDefaultWhenAbsent() {
    MediaInfo phone = new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", 5000, 1080, 1920, 30.0, "hevc", "aac", 8_000_000, 90,
        false, "arib-std-b67");
    assertThat(phone.hdr()).isTrue();
    assertThat(MediaInfo.fromJson(phone.toJson())).isEqualTo(phone);

    io.vertx.core.json.JsonObject older = phone.toJson();
    older.remove("rotationDegrees");
    older.remove("interlaced");
    older.remove("colorTransfer");
    MediaInfo read = MediaInfo.fromJson(older);
    assertThat(read.rotationDegrees()).isZero();
    assertThat(read.interlaced()).isFalse();
    assertThat(read.colorTransfer()).isNull();
  }

  @Test
  void videoOnly() throws Exception {
    MediaInfo info = MediaProbe.probe(TestMedia.video(dir, 2, 320, 240, false));

    assertThat(info.videoCodec()).isEqualTo("h264");
    assertThat(info.hasAudio()).isFalse();
    assertThat(info.width()).isEqualTo(320);
    assertThat(info.height()).isEqualTo(240);
    assertThat(info.durationMs()).isCloseTo(2000L, within(100L));
  }

  @Test
  void audioOnly() throws Exception {
    MediaInfo info = MediaProbe.probe(TestMedia.audioOnly(dir, 2));

    assertThat(info.container()).isEqualTo(MP4);
    assertThat(info.audioCodec()).isEqualTo("aac");
    assertThat(info.hasVideo()).isFalse();
    assertThat(info.width()).isNull();
    assertThat(info.frameRate()).isNull();
    assertThat(info.durationMs()).isCloseTo(2000L, within(100L));
  }

  @Test
  void garbageIsNotMedia() {
    assertThatThrownBy(() -> MediaProbe.probe(TestMedia.garbage(dir, 64 * 1024)))
        .isInstanceOf(UnplayableMediaException.class)
        .hasMessage("not a recognised media file (ffmpeg: Invalid data found when processing input)");
  }

  /** FFmpeg alone would read a .txt file as ANSI art: a 640x400 "video". */
  @Test
  void textIsNotMedia() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.txt"), "just some notes\n".repeat(100));
    assertUnplayable(text, "not a supported media format");
  }

  /** A playlist would make FFmpeg open the files it names, here a real clip, anywhere on the server. */
  @Test
  void playlistIsRefused() throws IOException {
    Path playlist = Files.writeString(dir.resolve("list.m3u8"),
        "#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3.0,\n" + clip.toAbsolutePath() + "\n#EXT-X-ENDLIST\n");
    assertUnplayable(playlist, "not a supported media format");
  }

  @Test
  void emptyFile() throws IOException {
    assertUnplayable(Files.createTempFile(dir, "empty-", ".mp4"), "file is empty");
  }

  @Test
  void missingFile() {
    assertUnplayable(dir.resolve("no-such-file.mp4"), "file not found");
  }

  /**
   * The first half of an MP4 whose moov atom (the index) is written last, as FFmpeg and most cameras do:
   * the index is gone, so FFmpeg cannot open it at all.
   */
  @Test
  void truncatedMp4WithIndexAtTheEnd() throws IOException {
    assertUnplayable(firstHalf(clip), "not a recognised media file");
  }

  /**
   * The first half of a "faststart" MP4 (index first): FFmpeg opens it and reports the full duration from
   * the index, but half the samples it indexes are missing, so transcoding would fail part-way. The probe
   * notices the index pointing past the end of the file.
   */
  @Test
  void truncatedFastStartMp4() throws Exception {
    Path fastStart = TestMedia.fastStartVideo(dir, 3, 640, 360, true);
    assertThat(MediaProbe.probe(fastStart).durationMs()).isCloseTo(3000L, within(100L)); // whole: fine

    assertUnplayable(firstHalf(fastStart), "file is truncated");
  }

  private static Path firstHalf(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Path half = Files.createTempFile(dir, "half-", ".mp4");
    return Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
  }

  private static void assertUnplayable(Path file, String reason) {
    assertThatThrownBy(() -> MediaProbe.probe(file))
        .isInstanceOf(UnplayableMediaException.class)
        .hasMessageStartingWith(reason)
        .message().doesNotContain(dir.toString()); // user-facing: no server paths
  }
}
