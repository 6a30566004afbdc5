package io.reelay.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.media.AvcCodecs;
import io.reelay.testing.TestMedia;
import io.reelay.testing.TestPackets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecConfigTest {

  @TempDir
  Path dir;

  @Test
  void readsARealEncodersConfigurations() {
    TestPackets p = TestPackets.read(TestMedia.clip(320, 240, 1).audio(true).write(dir));
    AvcConfig video = AvcConfig.parse(p.avcc());
    assertThat(video.width()).isEqualTo(320);
    assertThat(video.height()).isEqualTo(240);
    assertThat(video.codec()).isEqualTo(AvcCodecs.fromBytes(p.avcc())).startsWith("avc1.");
    assertThat(video.record()[4] & 3).isEqualTo(3); // 4-byte NAL lengths

    AacConfig audio = AacConfig.parse(p.asc());
    assertThat(audio.codec()).isEqualTo("mp4a.40.2");
    assertThat(audio.sampleRate()).isEqualTo(TestMedia.SAMPLE_RATE);
    assertThat(audio.channels()).isEqualTo(2);
  }

  @Test
  void appliesCroppingAndTheSampleAspectRatio() {
    // 200x120 is coded as 13x8 macroblocks (208x128) and cropped; 4:3 pixels are in the VUI
    AvcConfig cropped = AvcConfig.parse(TestPackets.read(TestMedia.clip(200, 120, 1).write(dir)).avcc());
    assertThat(cropped.width()).isEqualTo(200);
    assertThat(cropped.height()).isEqualTo(120);
    AvcConfig anamorphic =
        AvcConfig.parse(TestPackets.read(TestMedia.clip(240, 160, 1).pixelAspect(4, 3).write(dir)).avcc());
    assertThat(anamorphic.sps().sarWidth() * 3).isEqualTo(anamorphic.sps().sarHeight() * 4);
    // a hand-written High profile SPS with cropping
    AvcSps high = AvcSps.parse(TestConfigs.sps(100, 1920, 1080));
    assertThat(high.width()).isEqualTo(1920);
    assertThat(high.height()).isEqualTo(1080);
    assertThat(high.profile()).isEqualTo(100);
    assertThat(AvcConfig.parse(TestConfigs.avcc(640, 360)).codec()).isEqualTo("avc1.42c01e");
  }

  @Test
  void readsEscapedAacFields() {
    // object type 31 + 6 bits (escape: 32 + 2 = 34), frequency index 15 + 24-bit rate 44056, 1 channel
    TestConfigs.Bits b = new TestConfigs.Bits().u(5, 31).u(6, 2).u(4, 15).u(24, 44_056).u(4, 1);
    AacConfig c = AacConfig.parse(b.bytes());
    assertThat(c.objectType()).isEqualTo(34);
    assertThat(c.sampleRate()).isEqualTo(44_056);
    assertThat(c.channels()).isEqualTo(1);
    assertThat(AacConfig.parse(new byte[] {0x12, 0x10}).sampleRate()).isEqualTo(44_100); // LC 44.1k stereo
  }

  @Test
  void rejectsMalformedConfigurationsClearly() {
    assertThatThrownBy(() -> AacConfig.parse(new byte[] {0x16, (byte) 0x90})) // frequency index 13: reserved
        .isInstanceOf(MalformedConfigException.class).hasMessageContaining("frequency");
    assertThatThrownBy(() -> AacConfig.parse(new byte[] {0x17})).isInstanceOf(MalformedConfigException.class);
    assertThatThrownBy(() -> AvcConfig.parse(new byte[] {2, 66, 0, 30, -1, -31, 0}))
        .isInstanceOf(MalformedConfigException.class).hasMessageContaining("version");
    assertThatThrownBy(() -> AvcConfig.parse(new byte[] {1, 66, 0, 30, -1, -32, 0}))
        .isInstanceOf(MalformedConfigException.class).hasMessageContaining("no SPS");

    // every truncation and some random corruption of a real record: parsed, or a clear error, never another one
    byte[] real = TestConfigs.avcc(1280, 720);
    for (int n = 0; n < real.length; n++) {
      byte[] cut = Arrays.copyOf(real, n);
      assertParsesOrRejects(cut);
    }
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] bad = real.clone();
      bad[6 + random.nextInt(bad.length - 6)] = (byte) random.nextInt(256);
      assertParsesOrRejects(bad);
      byte[] asc = new byte[random.nextInt(6)];
      random.nextBytes(asc);
      try {
        AacConfig.parse(asc);
      } catch (MalformedConfigException expected) {
        // fine
      }
    }
  }

  private static void assertParsesOrRejects(byte[] record) {
    try {
      AvcConfig.parse(record);
    } catch (MalformedConfigException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
