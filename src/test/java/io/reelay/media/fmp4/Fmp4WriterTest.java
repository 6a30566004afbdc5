package io.reelay.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Fmp4WriterTest {

  private final AvcConfig video = AvcConfig.parse(TestConfigs.avcc(640, 360));
  private final AacConfig audio = AacConfig.parse(TestConfigs.AAC_LC_48K_STEREO);

  @Test
  void initSegmentHasOneTrackPerPresentTrack() {
    List<Boxes> both = Boxes.parse(InitSegmentWriter.write(video, audio));
    assertThat(both).extracting(Boxes::type).containsExactly("ftyp", "moov");
    Boxes moov = Boxes.first(both, "moov");
    assertThat(moov.all("trak")).hasSize(2);
    assertThat(moov.find("mvex").all("trex")).hasSize(2);
    Boxes videoTrak = moov.all("trak").get(0);
    assertThat(videoTrak.find("mdia/hdlr").payload().getInt(8)).isEqualTo(fourcc("vide"));
    assertThat(videoTrak.find("mdia/mdhd").payload().getInt(12)).isEqualTo(90_000); // v0: after flags, 2 times
    ByteBuffer stsd = videoTrak.find("mdia/minf/stbl/stsd").payload();
    assertThat(stsd.getInt(12)).isEqualTo(fourcc("avc1"));
    assertThat(stsd.getShort(8 + 8 + 24) & 0xffff).isEqualTo(640); // entry: header, 8 reserved/index, 16 pre
    Boxes audioTrak = moov.all("trak").get(1);
    assertThat(audioTrak.find("mdia/mdhd").payload().getInt(12)).isEqualTo(48_000);
    byte[] init = InitSegmentWriter.write(video, audio);
    assertThat(indexOf(init, audio.audioSpecificConfig())).isPositive(); // inside the esds

    assertThat(Boxes.first(Boxes.parse(InitSegmentWriter.write(null, audio)), "moov").all("trak")).hasSize(1);
    assertThat(Boxes.first(Boxes.parse(InitSegmentWriter.write(video, null)), "moov").all("trak")).hasSize(1);
  }

  @Test
  void fragmentPointsEachTrackAtItsSamples() {
    SampleQueue v = new SampleQueue(InitSegmentWriter.VIDEO_TRACK, true);
    SampleQueue a = new SampleQueue(InitSegmentWriter.AUDIO_TRACK, false);
    v.add(9_000_000_000L, 3600, 7200, true, bytes(100, 1)); // decode time past 32 bits: tfdt is 64-bit
    v.add(9_000_003_600L, 3600, -3600, false, bytes(50, 2));
    v.add(9_000_007_200L, 3600, 0, false, bytes(70, 3));
    a.add(4_800_000L, 1024, 0, true, bytes(30, 4));
    a.add(4_801_024L, 1024, 0, true, bytes(31, 5));

    byte[] fragment = FragmentWriter.write(42, v, 2, a, 1); // a part takes a prefix of each queue
    List<Boxes> boxes = Boxes.parse(fragment);
    assertThat(boxes).extracting(Boxes::type).containsExactly("moof", "mdat");
    Boxes moof = boxes.get(0);
    assertThat(moof.find("mfhd").payload().getInt(4)).isEqualTo(42);
    List<Boxes> trafs = moof.all("traf");
    assertThat(trafs).hasSize(2);
    ByteBuffer tfdt = trafs.get(0).find("tfdt").payload();
    assertThat(tfdt.get(0)).isEqualTo((byte) 1);
    assertThat(tfdt.getLong(4)).isEqualTo(9_000_000_000L);

    ByteBuffer trun = trafs.get(0).find("trun").payload();
    assertThat(trun.getInt(4)).isEqualTo(2); // sample count
    int offset = trun.getInt(8);
    assertThat(Arrays.copyOfRange(fragment, offset, offset + 100)).isEqualTo(bytes(100, 1));
    assertThat(trun.getInt(12 + 4)).isEqualTo(100); // size
    assertThat(trun.getInt(12 + 8)).isEqualTo(0x02000000); // sync
    assertThat(trun.getInt(16 + 12 + 12)).isEqualTo(-3600); // signed composition offset (trun v1)

    ByteBuffer audioTrun = trafs.get(1).find("trun").payload();
    int audioOffset = audioTrun.getInt(8);
    assertThat(Arrays.copyOfRange(fragment, audioOffset, audioOffset + 30)).isEqualTo(bytes(30, 4));
    assertThat(audioOffset + 30).isEqualTo(fragment.length);

    v.remove(2);
    a.remove(1);
    assertThat(v.count()).isEqualTo(1);
    assertThat(v.time(0)).isEqualTo(9_000_007_200L);
    assertThat(a.time(0)).isEqualTo(4_801_024L);
    assertThat(Boxes.first(Boxes.parse(FragmentWriter.write(43, null, 0, a, 1)), "moof").all("traf")).hasSize(1);
  }

  @Test
  void aFragmentWrittenIntoAUsedArrayIsTheSameBytesAndStaysInItsRun() {
    SampleQueue v = new SampleQueue(InitSegmentWriter.VIDEO_TRACK, true);
    SampleQueue a = new SampleQueue(InitSegmentWriter.AUDIO_TRACK, false);
    v.add(9_000L, 3600, 0, true, bytes(100, 1));
    a.add(4_800L, 1024, 0, true, bytes(30, 4));
    byte[] own = FragmentWriter.write(7, v, 1, a, 1);
    assertThat(FragmentWriter.size(v, 1, a, 1)).isEqualTo(own.length);

    byte[] slab = bytes(own.length + 20, 0x5a); // a reused slab: old bytes all around the run
    FragmentWriter.write(7, v, 1, a, 1, slab, 10);
    assertThat(Arrays.copyOfRange(slab, 10, 10 + own.length)).isEqualTo(own);
    assertThat(Arrays.copyOfRange(slab, 0, 10)).containsOnly(0x5a);
    assertThat(Arrays.copyOfRange(slab, 10 + own.length, slab.length)).containsOnly(0x5a);
  }

  private static byte[] bytes(int n, int fill) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) fill);
    return b;
  }

  private static int fourcc(String s) {
    return ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).getInt();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
