package io.reelay.live.mpegts;

import static io.reelay.live.mpegts.TsMedia.adts;
import static io.reelay.live.mpegts.TsMedia.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.MediaKind;
import io.reelay.media.fmp4.AacConfig;
import io.reelay.media.fmp4.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** AAC: ADTS frames out of PES packets, their timestamps, and the AudioSpecificConfig. */
class TsAudioTest {

  private static final int RATE_48K = 3;
  private static final int RATE_44K = 4;

  private final RecordingSink sink = new RecordingSink();
  private final TsDemuxer demuxer = new TsDemuxer(sink);

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void splitsAPesIntoRawFramesOneFrameDurationApart() {
    byte[] frames = concat(adts(RATE_48K, raw(200, 1), false), adts(RATE_48K, raw(210, 2), true),
        adts(RATE_48K, raw(5, 3), false));
    TsBuilder.withTables().audio(90_000, frames).into(demuxer);

    assertThat(sink.events.get(0)).isInstanceOf(AudioTrack.class);
    assertThat(sink.audioTracks()).singleElement()
        .satisfies(t -> assertThat(t.audioSpecificConfig()).isEqualTo(TestConfigs.AAC_LC_48K_STEREO));
    assertThat(sink.units(MediaKind.AUDIO)).extracting(AccessUnit::dts).containsExactly(90_000L, 91_920L, 93_840L);
    assertThat(sink.units(MediaKind.AUDIO)).extracting(AccessUnit::data).as("headers and CRC stripped")
        .containsExactly(raw(200, 1), raw(210, 2), raw(5, 3));
    assertThat(sink.units(MediaKind.AUDIO)).allSatisfy(u -> {
      assertThat(u.pts()).isEqualTo(u.dts());
      assertThat(u.keyframe()).isTrue();
    });
  }

  @Test
  void countsFramesInSamplesAt441kHz() {
    byte[] frames = concat(adts(RATE_44K, raw(50, 1), false), adts(RATE_44K, raw(50, 2), false),
        adts(RATE_44K, raw(50, 3), false));
    TsBuilder.withTables().audio(0, frames).into(demuxer);
    assertThat(sink.units(MediaKind.AUDIO)).extracting(AccessUnit::dts).containsExactly(0L, 2089L, 4179L);
    AacConfig config = AacConfig.parse(sink.audioTracks().get(0).audioSpecificConfig());
    assertThat(config.sampleRate()).isEqualTo(44_100);
    assertThat(config.channels()).isEqualTo(2);
  }

  @Test
  void aFrameCutAtTheEndOfAPesIsFinishedByTheNextAndKeepsItsClock() {
    byte[] f0 = adts(RATE_48K, raw(300, 0), false);
    byte[] f1 = adts(RATE_48K, raw(300, 1), false);
    byte[] f2 = adts(RATE_48K, raw(300, 2), false);
    byte[] first = concat(f0, Arrays.copyOf(f1, 100));
    byte[] second = concat(Arrays.copyOfRange(f1, 100, f1.length), f2);
    // the second PES's PTS is that of f2, the first frame starting in it (5 ticks late, to tell it was used)
    TsBuilder.withTables().audio(1000, first).audio(1000 + 3840 + 5, second).into(demuxer);

    assertThat(sink.units(MediaKind.AUDIO)).extracting(AccessUnit::dts).containsExactly(1000L, 2920L, 4845L);
    assertThat(sink.units(MediaKind.AUDIO).get(1).data()).isEqualTo(raw(300, 1));
  }

  @Test
  void aLostPesDropsTheFrameItWasToFinish() {
    byte[] f1 = adts(RATE_48K, raw(300, 1), false);
    TsBuilder ts = TsBuilder.withTables()
        .audio(0, concat(adts(RATE_48K, raw(100, 0), false), Arrays.copyOf(f1, 100)))
        .audio(1920, Arrays.copyOfRange(f1, 100, f1.length))
        .audio(3840, adts(RATE_48K, raw(100, 2), false));
    ts.packets.subList(4, 6).clear(); // the second PES (the first takes two packets)
    ts.into(demuxer);
    assertThat(sink.units(MediaKind.AUDIO)).extracting(AccessUnit::dts).containsExactly(0L, 3840L);
    assertThat(demuxer.stats().unitsDropped()).isEqualTo(1);
  }

  @Test
  void skipsGarbageBetweenFramesAndSendsANewTrackWhenTheFormatChanges() {
    TsBuilder.withTables()
        .audio(0, concat(adts(RATE_48K, raw(100, 0), false), new byte[] {1, 2, (byte) 0xff, 3},
            adts(RATE_48K, raw(100, 1), false)))
        .audio(3840, adts(RATE_44K, raw(100, 2), false)).into(demuxer);
    assertThat(sink.units(MediaKind.AUDIO)).extracting(AccessUnit::dts).containsExactly(0L, 1920L, 3840L);
    assertThat(sink.audioTracks()).hasSize(2);
    assertThat(demuxer.stats().skippedBytes()).isEqualTo(4);
  }
}
