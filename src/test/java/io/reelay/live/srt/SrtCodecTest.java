package io.reelay.live.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Packets on the wire: data, control, ACK, NAK loss lists, handshakes with extensions, sequence arithmetic. */
class SrtCodecTest {

  @Test
  void sequenceNumbersWrapAt2To31() {
    int max = SeqNo.MASK;
    assertThat(SeqNo.inc(max)).isZero();
    assertThat(SeqNo.add(max - 1, 3)).isEqualTo(1);
    assertThat(SeqNo.add(2, -3)).isEqualTo(max);
    assertThat(SeqNo.diff(1, max)).isEqualTo(2);
    assertThat(SeqNo.diff(max, 1)).isEqualTo(-2);
    assertThat(SeqNo.compare(0, max)).isPositive();
    assertThat(SeqNo.compare(max, 0)).isNegative();
    assertThat(SeqNo.compare(5, 5)).isZero();
    assertThat(SeqNo.diff(1 << 29, 0)).isEqualTo(1 << 29);
  }

  @Test
  void dataPacketRoundTrip() {
    DataPacket p = new DataPacket(SeqNo.MASK, DataPacket.SOLO, true, 0, true, 0x3FFFFFF, 0xFFFFFFF0, 12345,
        Buffer.buffer("payload"));
    Buffer wire = p.encode();
    assertThat(wire.getByte(0) & 0x80).as("data bit").isZero();
    assertThat(wire.getInt(4) >>> 30).isEqualTo(3);
    assertThat(SrtPacket.decode(wire)).isEqualTo(p);
    DataPacket first = new DataPacket(7, DataPacket.FIRST, false, 0, false, 1, 0, 1, Buffer.buffer());
    assertThat(SrtPacket.decode(first.encode())).isEqualTo(first);
  }

  @Test
  void shortDatagramsAreNotPackets() {
    assertThatThrownBy(() -> SrtPacket.decode(Buffer.buffer(new byte[15]))).isInstanceOf(SrtProtocolException.class);
    assertThat(SrtPacket.decode(Buffer.buffer(new byte[16]))).isInstanceOf(DataPacket.class);
  }

  @Test
  void controlPacketRoundTrip() {
    ControlPacket p = new ControlPacket(ControlPacket.SHUTDOWN, 0, 0, 99, 42, Buffer.buffer(4).appendInt(0));
    Buffer wire = p.encode();
    assertThat(wire.getInt(0)).isEqualTo(0x80050000);
    assertThat(SrtPacket.decode(wire)).isEqualTo(p);
  }

  @Test
  void fullAndLightAcks() {
    Ack full = new Ack(17, 1000, 250, 125, 8000, 300, 400, 400_000);
    ControlPacket p = (ControlPacket) SrtPacket.decode(full.packet(5, 6).encode());
    assertThat(p.type()).isEqualTo(ControlPacket.ACK);
    assertThat(p.typeInfo()).isEqualTo(17);
    assertThat(p.cif().length()).isEqualTo(28);
    assertThat(Ack.decode(p)).isEqualTo(full);

    ControlPacket light = (ControlPacket) SrtPacket.decode(Ack.light(SeqNo.MASK).packet(5, 6).encode());
    assertThat(light.cif().length()).isEqualTo(4);
    assertThat(light.typeInfo()).isZero();
    assertThat(Ack.decode(light).isLight()).isTrue();
    assertThat(Ack.decode(light).nextSeq()).isEqualTo(SeqNo.MASK);
  }

  @Test
  void lossListsMixSinglesAndRanges() {
    List<LossList.Range> ranges = List.of(new LossList.Range(5, 5), new LossList.Range(10, 20),
        new LossList.Range(SeqNo.MASK - 1, 2));
    Buffer cif = LossList.encode(ranges);
    assertThat(cif.length()).isEqualTo(4 + 8 + 8);
    assertThat(cif.getInt(0)).isEqualTo(5);
    assertThat(cif.getInt(4)).isEqualTo(0x8000000A);
    assertThat(cif.getInt(8)).isEqualTo(20);
    assertThat(LossList.decode(cif)).isEqualTo(ranges);
    assertThat(ranges.get(2).size()).isEqualTo(5);
    assertThatThrownBy(() -> LossList.decode(Buffer.buffer().appendInt(0x80000001)))
        .isInstanceOf(SrtProtocolException.class);
  }

  @Test
  void streamIdWordsAreByteSwappedOnTheWire() {
    Buffer content = Handshake.streamIdContent("publish:abc");
    assertThat(content.length()).isEqualTo(12);
    assertThat(content.getString(0, 4)).isEqualTo("lbup");
    assertThat(Handshake.streamId(content)).isEqualTo("publish:abc");
  }

  @Test
  void conclusionWithExtensionsRoundTrip() {
    HsExtension hsreq = new HsExtension(0x010503, HsExtension.TSBPD_SND | HsExtension.TSBPD_RCV, 120, 200);
    Handshake hs = new Handshake(5, 0, Handshake.FLAG_HSREQ | Handshake.FLAG_CONFIG, 1234, 1500, 8192,
        Handshake.CONCLUSION, 777, 0xCAFEBABE, Handshake.peerIp(new byte[] {127, 0, 0, 1}),
        List.of(new Handshake.Extension(Handshake.EXT_HSREQ, hsreq.encode()),
            new Handshake.Extension(Handshake.EXT_SID, Handshake.streamIdContent("#!::r=live/k,m=publish"))));
    Buffer wire = hs.packet(100, 0).encode();
    ControlPacket p = (ControlPacket) SrtPacket.decode(wire);
    Handshake back = Handshake.decode(p.cif());
    assertThat(back.type()).isEqualTo(Handshake.CONCLUSION);
    assertThat(back.cookie()).isEqualTo(0xCAFEBABE);
    assertThat(back.peerIp().getByte(3)).as("IPv4 word byte-swapped").isEqualTo((byte) 127);
    assertThat(HsExtension.decode(back.find(Handshake.EXT_HSREQ).content())).isEqualTo(hsreq);
    assertThat(Handshake.streamId(back.find(Handshake.EXT_SID).content())).isEqualTo("#!::r=live/k,m=publish");
    HandshakeRules.Offer offer = HandshakeRules.conclusion(back, 120);
    assertThat(offer.streamId().key()).isEqualTo("k");
    assertThat(offer.latencyMillis()).as("the larger latency").isEqualTo(200);
    assertThat(offer.peerSocket()).isEqualTo(777);
  }

  @Test
  void truncatedHandshakesAreRefused() {
    assertThatThrownBy(() -> Handshake.decode(Buffer.buffer(new byte[47]))).isInstanceOf(SrtProtocolException.class);
    Buffer overrun = Buffer.buffer(new byte[48]).appendUnsignedShort(Handshake.EXT_SID).appendUnsignedShort(10)
        .appendInt(0);
    assertThatThrownBy(() -> Handshake.decode(overrun)).isInstanceOf(SrtProtocolException.class);
  }

  @Test
  void rejectionTravelsInTheTypeField() {
    Handshake request = conclusion("publish:abc", 0, List.of());
    Handshake reply = HandshakeRules.reject(request, new SrtRejected(SrtRejected.FORBIDDEN, "no"), new byte[4]);
    Handshake back = Handshake.decode(reply.encode());
    assertThat(back.type()).isEqualTo(1000 + 1403);
    assertThat(back.isRejection()).isTrue();
  }

  @Test
  void conclusionsWeDoNotTake() {
    assertRejected(conclusion("publish:abc", 2, List.of()), SrtRejected.UNSECURE);
    assertRejected(conclusion("publish:abc", 0,
        List.of(new Handshake.Extension(Handshake.EXT_KMREQ, Buffer.buffer(new byte[16])))), SrtRejected.UNSECURE);
    assertRejected(conclusion("#!::r=live/abc,m=request", 0, List.of()), SrtRejected.BAD_MODE);
    assertRejected(conclusion("", 0, List.of()), SrtRejected.BAD_REQUEST);
    assertRejected(conclusion("publish:abc", 0,
        List.of(new Handshake.Extension(Handshake.EXT_CONGESTION, Handshake.streamIdContent("file")))),
        SrtRejected.CONGESTION);
    Handshake v4 = new Handshake(4, 0, 2, 1, 1500, 8192, Handshake.CONCLUSION, 9, 1, Handshake.peerIp(new byte[4]),
        List.of());
    assertRejected(v4, SrtRejected.VERSION);
  }

  @Test
  void inductionReplyCarriesTheMagicAndTheCookie() {
    Handshake request = new Handshake(4, 0, 2, 55, 1500, 8192, Handshake.INDUCTION, 9, 0,
        Handshake.peerIp(new byte[4]), List.of());
    Handshake reply = HandshakeRules.induction(request, 0x1234, new byte[] {10, 0, 0, 1});
    assertThat(reply.version()).isEqualTo(5);
    assertThat(reply.extension()).isEqualTo(0x4A17);
    assertThat(reply.cookie()).isEqualTo(0x1234);
    assertThat(reply.type()).isEqualTo(Handshake.INDUCTION);
  }

  static Handshake conclusion(String sid, int encryption, List<Handshake.Extension> more) {
    HsExtension hsreq = new HsExtension(0x010503, 0xBF & ~HsExtension.STREAM, 120, 120);
    List<Handshake.Extension> extensions = new java.util.ArrayList<>(List.of(
        new Handshake.Extension(Handshake.EXT_HSREQ, hsreq.encode())));
    if (!sid.isEmpty()) {
      extensions.add(new Handshake.Extension(Handshake.EXT_SID, Handshake.streamIdContent(sid)));
    }
    extensions.addAll(more);
    return new Handshake(5, encryption, 5, 1000, 1500, 8192, Handshake.CONCLUSION, 9, 1,
        Handshake.peerIp(new byte[4]), extensions);
  }

  private static void assertRejected(Handshake hs, int code) {
    assertThatThrownBy(() -> HandshakeRules.conclusion(hs, 120)).isInstanceOfSatisfying(SrtRejected.class,
        e -> assertThat(e.code()).isEqualTo(code));
  }
}
