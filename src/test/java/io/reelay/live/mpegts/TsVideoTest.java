package io.reelay.live.mpegts;

import static io.reelay.live.mpegts.TsMedia.AUD;
import static io.reelay.live.mpegts.TsMedia.PPS;
import static io.reelay.live.mpegts.TsMedia.SPS;
import static io.reelay.live.mpegts.TsMedia.START3;
import static io.reelay.live.mpegts.TsMedia.START4;
import static io.reelay.live.mpegts.TsMedia.annexB;
import static io.reelay.live.mpegts.TsMedia.avcc;
import static io.reelay.live.mpegts.TsMedia.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.reelay.media.fmp4.AvcConfig;
import io.reelay.media.fmp4.TestConfigs;
import org.junit.jupiter.api.Test;

/** H.264: Annex B to length-prefixed units, and the track from in-band SPS/PPS. */
class TsVideoTest {

  private static final byte[] SEI = {0x06, 0x05, 0x01, 0x44, (byte) 0x80};
  private static final byte[] IDR = slice(true, 400, 1);
  private static final byte[] P = slice(false, 100, 2);

  private final RecordingSink sink = new RecordingSink();
  private final TsDemuxer demuxer = new TsDemuxer(sink);

  @Test
  void startCodesOfThreeAndFourBytesAndTrailingZerosBecomeLengthPrefixes() {
    byte[] zeros = {0, 0};
    TsBuilder.withTables().video(0, 0,
        annexB(START4, AUD, START3, SPS, START4, PPS, zeros, START3, SEI, START4, IDR, zeros)).into(demuxer);

    assertThat(sink.units(MediaKind.VIDEO)).singleElement().satisfies(u -> {
      assertThat(u.data()).isEqualTo(avcc(SEI, IDR));
      assertThat(u.keyframe()).isTrue();
    });
    assertThat(sink.videoTracks()).singleElement().satisfies(t -> {
      assertThat(t.avcDecoderConfigurationRecord()).isEqualTo(TestConfigs.avcc(SPS, PPS));
      assertThat(AvcConfig.parse(t.avcDecoderConfigurationRecord()).width()).isEqualTo(640);
    });
  }

  @Test
  void unitsBeforeTheFirstParameterSetsAreDropped() {
    TsBuilder.withTables()
        .video(0, 0, annexB(START4, P))
        .video(3600, 3600, annexB(START4, SPS, START4, PPS, START4, IDR))
        .video(7200, 7200, annexB(START4, P)).into(demuxer);
    assertThat(sink.events.get(0)).isInstanceOf(VideoTrack.class);
    assertThat(sink.units(MediaKind.VIDEO)).extracting(AccessUnit::dts).containsExactly(3600L, 7200L);
    assertThat(demuxer.stats().unitsDropped()).isEqualTo(1);
  }

  @Test
  void aChangedSpsOrPpsSendsANewTrackBeforeItsUnitButARepeatedOneDoesNot() {
    byte[] bigSps = TestConfigs.sps(100, 1280, 720);
    byte[] otherPps = {0x68, (byte) 0xee, 0x3c, (byte) 0x80};
    TsBuilder.withTables()
        .video(0, 0, annexB(START4, SPS, START4, PPS, START4, IDR))
        .video(3600, 3600, annexB(START4, P))
        .video(7200, 7200, annexB(START4, SPS, START4, PPS, START4, IDR)) // repeated, as encoders do
        .video(10_800, 10_800, annexB(START4, bigSps, START4, PPS, START4, IDR))
        .video(14_400, 14_400, annexB(START4, otherPps, START4, IDR)).into(demuxer);

    assertThat(sink.events).extracting(e -> e instanceof AccessUnit u ? "unit " + u.dts() : "track")
        .containsExactly("track", "unit 0", "unit 3600", "unit 7200", "track", "unit 10800", "track", "unit 14400");
    assertThat(sink.videoTracks()).extracting(t -> AvcConfig.parse(t.avcDecoderConfigurationRecord()).width())
        .containsExactly(640, 1280, 1280);
    assertThat(sink.videoTracks().get(2).avcDecoderConfigurationRecord())
        .isEqualTo(TestConfigs.avcc(bigSps, otherPps));
  }

  @Test
  void aPesWithoutTimestampsContinuesAtTheFrameRateSoFar() {
    TsBuilder ts = TsBuilder.withTables()
        .video(0, 0, annexB(START4, SPS, START4, PPS, START4, IDR))
        .video(3000, 3000, annexB(START4, P));
    ts.pes(TsBuilder.VIDEO_PID, 0xe0, -1, -1, annexB(START4, P), false);
    ts.into(demuxer);
    assertThat(sink.units(MediaKind.VIDEO)).extracting(AccessUnit::pts).containsExactly(0L, 3000L, 6000L);
  }

  @Test
  void anSpsThatDoesNotParseIsNotSent() {
    byte[] broken = {0x67, 0x42};
    TsBuilder.withTables().video(0, 0, annexB(START4, broken, START4, PPS, START4, IDR)).into(demuxer);
    assertThat(sink.events).isEmpty();
    assertThat(demuxer.stats().unitsDropped()).isEqualTo(1);
  }
}
