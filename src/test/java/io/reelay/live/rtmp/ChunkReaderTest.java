package io.reelay.live.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkReaderTest {

  private final List<RtmpMessage> messages = new ArrayList<>();
  private final ChunkReader reader = new ChunkReader(1 << 24, 1 << 20, messages::add);

  /** Hand-built chunks: each header type written out as the spec draws it. */
  private static final class Chunks {
    final Buffer out = Buffer.buffer();

    Chunks type0(int csid, long ts, int length, int type, int streamId) {
      ChunkWriter.basicHeader(out, 0, csid).appendMedium((int) Math.min(ts, 0xFFFFFF)).appendMedium(length)
          .appendByte((byte) type).appendIntLE(streamId);
      return ext(ts);
    }

    Chunks type1(int csid, long delta, int length, int type) {
      ChunkWriter.basicHeader(out, 1, csid).appendMedium((int) Math.min(delta, 0xFFFFFF)).appendMedium(length)
          .appendByte((byte) type);
      return ext(delta);
    }

    Chunks type2(int csid, long delta) {
      ChunkWriter.basicHeader(out, 2, csid).appendMedium((int) Math.min(delta, 0xFFFFFF));
      return ext(delta);
    }

    Chunks type3(int csid) {
      ChunkWriter.basicHeader(out, 3, csid);
      return this;
    }

    Chunks extended(long value) {
      out.appendUnsignedInt(value);
      return this;
    }

    Chunks bytes(int n, int fill) {
      for (int i = 0; i < n; i++) {
        out.appendByte((byte) fill);
      }
      return this;
    }

    private Chunks ext(long ts) {
      return ts >= 0xFFFFFF ? extended(ts) : this;
    }
  }

  private void feedWholeAndBytewise(Buffer stream, Runnable check) {
    reader.feed(stream);
    check.run();
    messages.clear();
    ChunkReader bytewise = new ChunkReader(1 << 24, 1 << 20, messages::add);
    for (int i = 0; i < stream.length(); i++) {
      bytewise.feed(stream.getBuffer(i, i + 1));
    }
    check.run();
  }

  private void assertMessage(int i, int type, int streamId, long ts, int length, int fill) {
    RtmpMessage m = messages.get(i);
    assertThat(m.type()).as("type of " + i).isEqualTo(type);
    assertThat(m.streamId()).as("stream of " + i).isEqualTo(streamId);
    assertThat(m.timestamp()).as("timestamp of " + i).isEqualTo(ts);
    assertThat(m.payload().length()).as("length of " + i).isEqualTo(length);
    for (int b = 0; b < length; b++) {
      assertThat(m.payload().getByte(b)).isEqualTo((byte) fill);
    }
  }

  @Test
  void interleavedChunkStreamsWithEveryHeaderType() {
    Chunks c = new Chunks()
        .type0(6, 1000, 300, 9, 1).bytes(128, 'v') // video, 300 bytes: three chunks at size 128
        .type0(4, 1000, 10, 8, 1).bytes(10, 'a') // audio interleaved between the video's chunks
        .type3(6).bytes(128, 'v')
        .type1(4, 23, 12, 8).bytes(12, 'b') // delta 23, new length
        .type3(6).bytes(44, 'v')
        .type2(4, 23).bytes(12, 'c') // same length and type, delta 23
        .type3(4).bytes(12, 'd') // a new message with only a basic header: the delta again
        .type0(70, 5, 3, 18, 1).bytes(3, 'x') // 2-byte basic header
        .type0(400, 7, 2, 20, 0).bytes(2, 'y') // 3-byte basic header
        .type1(70, 0, 0, 9); // zero-length message
    feedWholeAndBytewise(c.out, () -> {
      assertThat(messages).hasSize(8);
      assertMessage(0, 8, 1, 1000, 10, 'a');
      assertMessage(1, 8, 1, 1023, 12, 'b');
      assertMessage(2, 9, 1, 1000, 300, 'v');
      assertMessage(3, 8, 1, 1046, 12, 'c');
      assertMessage(4, 8, 1, 1069, 12, 'd');
      assertMessage(5, 18, 1, 5, 3, 'x');
      assertMessage(6, 20, 0, 7, 2, 'y');
      assertMessage(7, 9, 1, 5, 0, 0);
    });
  }

  @Test
  void zeroLengthMessagesAreDelivered() {
    reader.feed(new Chunks().type0(5, 0, 0, 9, 1).type3(5).out);
    assertThat(messages).hasSize(2);
    assertThat(messages.get(1).payload().length()).isZero();
  }

  @Test
  void extendedTimestampsIncludingOnContinuationChunks() {
    long ts = 0x1234_5678L;
    Chunks c = new Chunks()
        .type0(6, ts, 200, 9, 1).bytes(128, 'v').type3(6).extended(ts).bytes(72, 'v') // FFmpeg: repeated on type 3
        .type0(7, ts, 200, 9, 1).bytes(128, 'w').type3(7).bytes(72, 'w') // old librtmp: not repeated
        .type3(6).extended(0x0100_0000L).bytes(128, 'n').type3(6).extended(0x0100_0000L).bytes(72, 'n') // new msg
        .type2(6, 40).bytes(128, 'm').type3(6).bytes(72, 'm') // back to a 3-byte delta: no extended field
        .type0(8, 0xFFFF_FFF0L, 1, 8, 1).bytes(1, 'a').type1(8, 0x20, 1, 8).bytes(1, 'b'); // 32-bit wrap
    feedWholeAndBytewise(c.out, () -> {
      assertThat(messages).hasSize(6);
      assertMessage(0, 9, 1, ts, 200, 'v');
      assertMessage(1, 9, 1, ts, 200, 'w');
      assertMessage(2, 9, 1, ts + 0x0100_0000L, 200, 'n');
      assertMessage(3, 9, 1, ts + 0x0100_0000L + 40, 200, 'm');
      assertMessage(4, 8, 1, 0xFFFF_FFF0L, 1, 'a');
      assertMessage(5, 8, 1, 0x10, 1, 'b');
    });
  }

  @Test
  void setChunkSizeTakesEffectForTheNextChunk() {
    Chunks c = new Chunks()
        .type0(6, 0, 200, 9, 1).bytes(128, 'v').type3(6).bytes(72, 'v')
        .type0(2, 0, 4, 1, 0); // Set Chunk Size 5000
    c.out.appendInt(5000);
    c.type0(6, 40, 6000, 9, 1).bytes(5000, 'w').type3(6).bytes(1000, 'w');
    feedWholeAndBytewise(c.out, () -> {
      assertThat(messages).hasSize(2);
      assertMessage(1, 9, 1, 40, 6000, 'w');
    });
    assertThat(reader.chunkSize()).isEqualTo(5000);
  }

  @Test
  void invalidChunkSizesAreProtocolErrors() {
    for (long size : new long[] {0, 1L << 31, 0xFFFF_FFFFL, (1 << 24) + 1}) {
      ChunkReader r = new ChunkReader(1 << 24, 1 << 20, m -> { });
      Chunks c = new Chunks().type0(2, 0, 4, 1, 0);
      c.out.appendUnsignedInt(size);
      assertThatThrownBy(() -> r.feed(c.out)).as("chunk size " + size)
          .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("chunk size");
    }
  }

  @Test
  void oversizedMessagesAndHeaderlessStartsAreProtocolErrors() {
    assertThatThrownBy(() -> reader.feed(new Chunks().type0(6, 0, (1 << 20) + 1, 9, 1).out))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("exceeds");
    assertThatThrownBy(() -> new ChunkReader(1 << 24, 1 << 20, m -> { }).feed(new Chunks().type1(6, 0, 5, 9).out))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("starts with a type 1");
    assertThatThrownBy(() -> new ChunkReader(1 << 24, 1 << 20, m -> { }).feed(new Chunks().type3(9).out))
        .isInstanceOf(RtmpProtocolException.class);
  }

  @Test
  void headersAnnouncingBigMessagesThatNeverComeAreCappedByTheirAnnouncedSize() {
    // Two messages of the maximum size may be in flight at once (video and audio); a third is refused before
    // its array is allocated, though only one chunk of each was sent.
    Chunks c = new Chunks().type0(6, 0, 1 << 20, 9, 1).bytes(128, 'v').type0(7, 0, 1 << 20, 9, 1).bytes(128, 'v');
    reader.feed(c.out);
    assertThatThrownBy(() -> reader.feed(new Chunks().type0(8, 0, 1, 9, 1).out))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("partly received");
  }

  @Test
  void abortDropsThePartMessage() {
    Chunks c = new Chunks().type0(6, 0, 300, 9, 1).bytes(128, 'v').type0(2, 0, 4, 2, 0);
    c.out.appendInt(6);
    c.type3(6).bytes(128, 'n').type3(6).bytes(128, 'n').type3(6).bytes(44, 'n'); // a new message, not the rest
    reader.feed(c.out);
    assertThat(messages).hasSize(1);
    assertMessage(0, 9, 1, 0, 300, 'n');
  }

  @Test
  void pausedReaderHoldsTheRestUntilResumed() {
    Chunks c = new Chunks().type0(4, 0, 2, 8, 1).bytes(2, 'a').type3(4).bytes(2, 'b').type3(4).bytes(2, 'c');
    ChunkReader[] self = new ChunkReader[1];
    List<RtmpMessage> got = new ArrayList<>();
    self[0] = new ChunkReader(1 << 24, 1 << 20, m -> {
      got.add(m);
      self[0].pause();
    });
    self[0].feed(c.out);
    assertThat(got).hasSize(1);
    self[0].resume();
    assertThat(got).hasSize(2);
    self[0].resume();
    assertThat(got).hasSize(3);
  }

  @Test
  void writerOutputReadsBack() {
    ChunkWriter w = new ChunkWriter();
    Buffer payload = Buffer.buffer(new byte[1000]).setByte(999, (byte) 1);
    Buffer out = w.write(5, new RtmpMessage(20, 1, 0x100_0000L, payload)); // extended, 8 chunks
    out.appendBuffer(w.write(2, ControlMessages.setChunkSize(300)));
    w.chunkSize(300);
    out.appendBuffer(w.write(70, new RtmpMessage(9, 1, 40, payload)));
    reader.feed(out);
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).timestamp()).isEqualTo(0x100_0000L);
    assertThat(messages.get(0).payload()).isEqualTo(payload);
    assertThat(messages.get(1).timestamp()).isEqualTo(40);
    assertThat(messages.get(1).payload()).isEqualTo(payload);
  }
}
