package io.reelay.live.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.MediaKind;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class FlvTagsTest {

  private final RecordingPublishers.RecordingSink sink = new RecordingPublishers.RecordingSink(null);

  private static Buffer avc(int frameType, int packetType, int cts, byte[] body) {
    return Buffer.buffer().appendByte((byte) (frameType << 4 | 7)).appendByte((byte) packetType).appendMedium(cts)
        .appendBytes(body);
  }

  @Test
  void avcSequenceHeaderAndFrames() {
    FlvTags.video(0, avc(1, 0, 0, RawRtmpClient.AVC_CONFIG), sink);
    assertThat(sink.videoTracks).hasSize(1);
    assertThat(sink.videoTracks.get(0).avcDecoderConfigurationRecord()).isEqualTo(RawRtmpClient.AVC_CONFIG);
    byte[] nalus = RawRtmpClient.nalu(20);
    FlvTags.video(1000, avc(1, 1, 80, nalus), sink); // keyframe shown 80 ms after it is decoded
    FlvTags.video(1040, avc(2, 1, -40, nalus), sink); // negative composition offset
    FlvTags.video(1080, avc(2, 1, 0, new byte[0]), sink); // empty: nothing
    FlvTags.video(1080, avc(1, 2, 0, new byte[0]), sink); // end of sequence: nothing
    FlvTags.video(1080, Buffer.buffer().appendByte((byte) 0x57).appendByte((byte) 0), sink); // info frame
    FlvTags.video(1080, Buffer.buffer(), sink);
    assertThat(sink.units).hasSize(2);
    AccessUnit key = sink.units.get(0);
    assertThat(key.kind()).isEqualTo(MediaKind.VIDEO);
    assertThat(key.keyframe()).isTrue();
    assertThat(key.dts()).isEqualTo(90_000);
    assertThat(key.pts()).isEqualTo(97_200);
    assertThat(key.data()).isEqualTo(nalus);
    assertThat(sink.units.get(1).keyframe()).isFalse();
    assertThat(sink.units.get(1).pts()).isEqualTo(1000 * 90);
  }

  @Test
  void aacSequenceHeaderAndFrames() {
    FlvTags.audio(0, Buffer.buffer(new byte[] {(byte) 0xAF, 0, 0x12, 0x10}), sink);
    FlvTags.audio(23, Buffer.buffer(new byte[] {(byte) 0xAF, 1, 5, 6, 7}), sink);
    assertThat(sink.audioTracks.get(0).audioSpecificConfig()).containsExactly(0x12, 0x10);
    assertThat(sink.units).singleElement().satisfies(u -> {
      assertThat(u.kind()).isEqualTo(MediaKind.AUDIO);
      assertThat(u.dts()).isEqualTo(23 * 90).isEqualTo(u.pts());
      assertThat(u.data()).containsExactly(5, 6, 7);
    });
  }

  @Test
  void otherCodecsAreRefusedClearly() {
    Buffer hevc = Buffer.buffer().appendByte((byte) 0x90).appendString("hvc1").appendBytes(new byte[10]);
    assertThatThrownBy(() -> FlvTags.video(0, hevc, sink)).isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("hvc1");
    assertThatThrownBy(() -> FlvTags.video(0, Buffer.buffer(new byte[] {0x1C, 0, 0, 0, 0}), sink))
        .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining("HEVC");
    assertThatThrownBy(() -> FlvTags.video(0, Buffer.buffer(new byte[] {0x12, 0}), sink))
        .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining("H.263");
    assertThatThrownBy(() -> FlvTags.audio(0, Buffer.buffer(new byte[] {0x2F, 0}), sink))
        .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining("MP3");
    Buffer opus = Buffer.buffer().appendByte((byte) 0x90).appendString("Opus");
    assertThatThrownBy(() -> FlvTags.audio(0, opus, sink)).isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("Opus");
    assertThat(sink.units).isEmpty();
  }

  @Test
  void malformedTagsAreProtocolErrors() {
    assertThatThrownBy(() -> FlvTags.video(0, Buffer.buffer(new byte[] {0x17, 1}), sink))
        .isInstanceOf(RtmpProtocolException.class).isNotInstanceOf(UnsupportedMediaException.class);
    assertThatThrownBy(() -> FlvTags.video(0, avc(1, 0, 0, new byte[] {2, 0, 0, 0, 0, 0, 0}), sink))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("AVCDecoderConfigurationRecord");
    assertThatThrownBy(() -> FlvTags.video(0, avc(1, 7, 0, new byte[1]), sink))
        .isInstanceOf(RtmpProtocolException.class);
    assertThatThrownBy(() -> FlvTags.audio(0, Buffer.buffer(new byte[] {(byte) 0xAF, 0, 1}), sink))
        .isInstanceOf(RtmpProtocolException.class);
    assertThatThrownBy(() -> FlvTags.audio(0, Buffer.buffer(new byte[] {(byte) 0xAF}), sink))
        .isInstanceOf(RtmpProtocolException.class);
  }
}
