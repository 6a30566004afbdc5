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
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.tuple;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The transport layer: packets, PSI, PES reassembly, continuity, timestamps, sync. */
class TsDemuxerTest {

  private static final byte[] IDR = slice(true, 600, 1);
  private static final byte[] P1 = slice(false, 300, 2);
  private static final byte[] P2 = slice(false, 250, 3);

  private final RecordingSink sink = new RecordingSink();
  private final TsDemuxer demuxer = new TsDemuxer(sink);

  /** A keyframe (AUD, SPS, PPS, IDR) and two P frames, at 25 fps from {@code t0}. */
  private static TsBuilder threeFrames(long t0) {
    return threeFrames(TsBuilder.videoOnly(), t0);
  }

  private static TsBuilder threeFrames(TsBuilder ts, long t0) {
    return ts
        .video(t0, t0, annexB(START4, AUD, START4, SPS, START4, PPS, START3, IDR))
        .video(t0 + 3600, t0 + 3600, annexB(START4, AUD, START3, P1))
        .video(t0 + 7200, t0 + 7200, annexB(START4, AUD, START3, P2));
  }

  private void feed(byte[] b) {
    demuxer.feed(Buffer.buffer(b));
  }

  @Test
  void reassemblesVideoPesAcrossPacketsIntoLengthPrefixedUnitsAfterTheirTrack() {
    TsBuilder ts = threeFrames(90_000);
    assertThat(ts.packets.size()).as("the keyframe spans packets").isGreaterThan(6);
    feed(ts.bytes());
    assertThat(sink.units(MediaKind.VIDEO)).as("the last PES is unbounded: open until flush").hasSize(2);
    demuxer.flush();

    assertThat(sink.events.get(0)).isInstanceOf(VideoTrack.class);
    List<AccessUnit> units = sink.units(MediaKind.VIDEO);
    assertThat(units).extracting(AccessUnit::dts).containsExactly(90_000L, 93_600L, 97_200L);
    assertThat(units).extracting(AccessUnit::keyframe).containsExactly(true, false, false);
    assertThat(units.get(0).data()).as("no AUD, SPS or PPS in the unit").isEqualTo(avcc(IDR));
    assertThat(units.get(1).data()).isEqualTo(avcc(P1));
    assertThat(demuxer.stats()).isEqualTo(new TsStats(ts.packets.size(), 0, 0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void chunksOfAnySizeGiveTheSameUnits() {
    byte[] stream = threeFrames(TsBuilder.withTables(), 0)
        .audio(0, TsMedia.adts(3, TsMedia.raw(200, 1), false)).bytes();
    feed(stream);
    demuxer.flush();
    List<Object> whole = sink.events;

    for (int chunk : new int[] {1, 7, 187, 189, 1316, 5000}) {
      RecordingSink other = new RecordingSink();
      TsDemuxer d = new TsDemuxer(other);
      for (int at = 0; at < stream.length; at += chunk) {
        d.feed(stream, at, Math.min(chunk, stream.length - at));
      }
      d.flush();
      assertThat(other.events).as("chunks of %d", chunk).usingRecursiveFieldByFieldElementComparator()
          .isEqualTo(whole);
    }
  }

  @Test
  void boundedPesWithAdaptationFieldStuffingAndPcrOnlyPackets() {
    TsBuilder ts = TsBuilder.audioOnly();
    ts.pcr(TsBuilder.AUDIO_PID, 1000);
    ts.audio(9000, TsMedia.adts(3, TsMedia.raw(100, 1), false)); // 1 packet, stuffed
    ts.pcr(TsBuilder.AUDIO_PID, 2000);
    ts.audio(10_920, TsMedia.adts(3, TsMedia.raw(400, 2), false)); // 3 packets, the last stuffed
    feed(ts.bytes());

    assertThat(sink.units(MediaKind.AUDIO)).as("bounded PES complete without waiting for the next")
        .extracting(AccessUnit::dts).containsExactly(9000L, 10_920L);
    assertThat(sink.units(MediaKind.AUDIO).get(1).data()).isEqualTo(TsMedia.raw(400, 2));
    assertThat(demuxer.stats().continuityErrors()).isZero();
  }

  @Test
  void aContinuityGapDropsThePesInProgress() {
    TsBuilder ts = threeFrames(0);
    ts.packets.remove(5); // inside the keyframe's PES
    feed(ts.bytes());
    demuxer.flush();

    assertThat(sink.units(MediaKind.VIDEO)).as("the P frames without their keyframe's track are dropped too")
        .isEmpty();
    TsStats stats = demuxer.stats();
    assertThat(stats.continuityErrors()).isEqualTo(1);
    assertThat(stats.pesDropped()).isEqualTo(1);
    assertThat(stats.unitsDropped()).isEqualTo(2);

  }

  @Test
  void aGapBetweenBoundedPesLosesNothingElse() {
    TsBuilder ts = TsBuilder.audioOnly();
    for (int i = 0; i < 3; i++) {
      ts.audio(i * 1920L, TsMedia.adts(3, TsMedia.raw(100, i), false));
    }
    ts.packets.remove(3); // the second PES, whole
    feed(ts.bytes());
    assertThat(sink.units(MediaKind.AUDIO)).extracting(AccessUnit::dts).containsExactly(0L, 3840L);
    assertThat(demuxer.stats().continuityErrors()).isEqualTo(1);
    assertThat(demuxer.stats().pesDropped()).as("the first was complete, nothing was in progress").isZero();
  }

  @Test
  void aLossRightAfterAnUnboundedPesCostsItToo() {
    TsBuilder ts = threeFrames(0);
    ts.packets.remove(ts.packets.size() - 2); // the start of the last frame (two packets)
    feed(ts.bytes());
    demuxer.flush();
    // the second frame was still open: it cannot be told from a frame with its end missing
    assertThat(sink.units(MediaKind.VIDEO)).extracting(AccessUnit::dts).containsExactly(0L);
    assertThat(demuxer.stats().pesDropped()).isEqualTo(1);
  }

  @Test
  void aDuplicatePacketIsIgnored() {
    TsBuilder ts = threeFrames(0);
    ts.packets.add(5, ts.packets.get(5).clone());
    feed(ts.bytes());
    demuxer.flush();

    assertThat(sink.units(MediaKind.VIDEO)).hasSize(3);
    assertThat(sink.units(MediaKind.VIDEO).get(0).data()).isEqualTo(avcc(IDR));
    assertThat(demuxer.stats().duplicatePackets()).isEqualTo(1);
    assertThat(demuxer.stats().continuityErrors()).isZero();
  }

  @Test
  void theDiscontinuityIndicatorAllowsACounterJump() {
    TsBuilder ts = threeFrames(0);
    byte[] last = ts.packets.get(ts.packets.size() - 1); // a short one, with an adaptation field
    assertThat(last[3] & 0x30).isEqualTo(0x30);
    last[3] = (byte) ((last[3] & 0xf0) | ((last[3] + 5) & 0x0f));
    last[5] |= (byte) 0x80;
    feed(ts.bytes());
    demuxer.flush();
    assertThat(sink.units(MediaKind.VIDEO)).hasSize(3);
    assertThat(demuxer.stats().continuityErrors()).isZero();
  }

  @Test
  void timestampsCarryOnPastTheWrapAt2To33() {
    long wrap = 1L << 33;
    feed(threeFrames(wrap - 3600).bytes());
    demuxer.flush();
    assertThat(sink.units(MediaKind.VIDEO)).extracting(AccessUnit::dts)
        .containsExactly(wrap - 3600, wrap, wrap + 3600);
  }

  @Test
  void ptsAndDtsDifferWithBFrames() {
    TsBuilder ts = TsBuilder.withTables()
        .video(7200, 3600, annexB(START4, SPS, START4, PPS, START4, IDR))
        .video(3600 * 4, 3600 * 2, annexB(START4, P1));
    feed(ts.bytes());
    demuxer.flush();
    assertThat(sink.units(MediaKind.VIDEO)).extracting(AccessUnit::dts, AccessUnit::pts)
        .containsExactly(tuple(3600L, 7200L),
            tuple(7200L, 14_400L));
  }

  @Test
  void resynchronisesAfterGarbage() {
    TsBuilder ts = threeFrames(0);
    byte[] clean = ts.bytes();
    byte[] garbage = new byte[500];
    new Random(7).nextBytes(garbage);
    garbage[0] = 0;
    garbage[10] = 0x47; // stray sync bytes are not taken for packets
    garbage[300] = 0x47;
    int cut = 3 * 188; // between PAT+PMT+first video packet and the rest
    byte[] damaged = new byte[clean.length + garbage.length];
    System.arraycopy(clean, 0, damaged, 0, cut);
    System.arraycopy(garbage, 0, damaged, cut, garbage.length);
    System.arraycopy(clean, cut, damaged, cut + garbage.length, clean.length - cut);
    for (int at = 0; at < damaged.length; at += 1316) {
      demuxer.feed(damaged, at, Math.min(1316, damaged.length - at));
    }
    demuxer.flush();

    assertThat(sink.units(MediaKind.VIDEO)).extracting(AccessUnit::dts).containsExactly(0L, 3600L, 7200L);
    assertThat(sink.units(MediaKind.VIDEO).get(0).data()).isEqualTo(avcc(IDR));
    assertThat(demuxer.stats().resyncs()).isEqualTo(1);
    assertThat(demuxer.stats().skippedBytes()).isEqualTo(garbage.length);
  }

  @Test
  void aDamagedTableFailsItsCrcAndIsIgnored() {
    TsBuilder ts = threeFrames(0);
    ts.packets.get(1)[20] ^= 0x01; // inside the PMT: no streams known, so nothing comes out
    feed(ts.bytes());
    demuxer.flush();
    assertThat(sink.events).isEmpty();
    assertThat(demuxer.stats().badSections()).isEqualTo(1);
  }

  @Test
  void aNewPmtVersionMovesTheVideoStream() {
    int moved = 0x200;
    TsBuilder ts = threeFrames(0).pmt(1, ProgramTables.TYPE_H264, moved);
    ts.pes(TsBuilder.VIDEO_PID, 0xe0, 10_800, 10_800, annexB(START4, P1), false); // the old PID: ignored now
    ts.pes(moved, 0xe0, 14_400, 14_400, annexB(START4, P2), false);
    ts.pes(moved, 0xe0, 18_000, 18_000, annexB(START4, P1), false);
    feed(ts.bytes());
    demuxer.flush();
    assertThat(sink.units(MediaKind.VIDEO)).extracting(AccessUnit::dts)
        .containsExactly(0L, 3600L, 7200L, 14_400L, 18_000L);
    assertThat(sink.videoTracks()).as("the same SPS/PPS: no new track").hasSize(1);
  }

  @Test
  void otherStreamsAreIgnored() {
    TsBuilder ts = new TsBuilder().pat(TsBuilder.PMT_PID)
        .pmt(0, 0x24, 0x300, 0x11, 0x301, 0x06, 0x302, ProgramTables.TYPE_ADTS, TsBuilder.AUDIO_PID);
    ts.pes(0x300, 0xe0, 0, 0, annexB(START4, SPS, START4, PPS, START4, IDR), false);
    ts.pes(0x301, 0xc0, 0, -1, TsMedia.raw(100, 1), true);
    ts.audio(0, TsMedia.adts(3, TsMedia.raw(100, 1), false));
    feed(ts.bytes());
    demuxer.flush();
    assertThat(sink.videoTracks()).isEmpty();
    assertThat(sink.units(MediaKind.AUDIO)).hasSize(1);
  }

  @Test
  void neverThrowsOnGarbage() {
    Random random = new Random(42);
    byte[] noise = new byte[1 << 20];
    random.nextBytes(noise);
    for (int i = 0; i < noise.length; i += 188 * 5) {
      noise[i] = 0x47; // enough sync bytes to be taken for packets now and then
    }
    assertThatCode(() -> {
      demuxer.feed(noise, 0, noise.length);
      demuxer.flush();
      for (int round = 0; round < 200; round++) { // a valid stream with a few bytes flipped
        byte[] b = threeFrames(TsBuilder.withTables(), round * 10_000L)
            .audio(0, TsMedia.adts(3, TsMedia.raw(300, round), true)).bytes();
        for (int k = 0; k < 4; k++) {
          b[random.nextInt(b.length)] = (byte) random.nextInt();
        }
        TsDemuxer d = new TsDemuxer(new RecordingSink());
        d.feed(b, 0, b.length);
        d.flush();
      }
    }).doesNotThrowAnyException();
    assertThat(demuxer.stats().skippedBytes()).isPositive();
  }

  @Test
  void theFirstUnitsWaitUntilBothTracksAreKnown() {
    TsBuilder ts = threeFrames(TsBuilder.withTables(), 0) // video first, as muxers often start
        .audio(0, TsMedia.adts(3, TsMedia.raw(100, 1), false));
    feed(ts.bytes());
    assertThat(sink.events)
        .extracting(e -> e instanceof AccessUnit u ? u.kind().toString() : e.getClass().getSimpleName())
        .as("both tracks before any unit, then the units in their order")
        .containsExactly("VideoTrack", "AudioTrack", "VIDEO", "VIDEO", "AUDIO");
  }

  @Test
  void anAnnouncedTrackThatNeverComesHoldsTheStreamOnlyBriefly() {
    TsBuilder ts = TsBuilder.withTables();
    for (int frame = 0; frame <= 60; frame++) { // 2.4 s of video, no audio
      byte[] es = frame == 0 ? annexB(START4, SPS, START4, PPS, START4, IDR) : annexB(START4, P1);
      ts.video(frame * 3600L, frame * 3600L, es);
    }
    feed(ts.bytes());
    // held until a unit 2 s after the first, then let through; the last PES is still open
    assertThat(sink.units(MediaKind.VIDEO)).extracting(AccessUnit::dts)
        .containsExactlyElementsOf(LongStream.range(0, 60).map(f -> f * 3600).boxed().toList());
  }
}
