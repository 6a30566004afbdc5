package io.reelay.live.srt;

import java.util.List;

/**
 * The listener's side of the HSv5 caller-listener handshake, as pure functions: the induction reply, what a
 * conclusion asks for (or why it is refused) and the conclusion replies. State (cookies, pending admissions,
 * connections) lives elsewhere.
 */
final class HandshakeRules {

  static final int VERSION_5 = 5;
  static final int MAX_MTU = 1500;
  private static final int MIN_MTU = 76;

  /**
   * What an acceptable conclusion asks for.
   *
   * @param latencyMillis the TSBPD latency both sides will use: the larger of ours and what the caller asks
   */
  record Offer(int peerSocket, int isn, int mtu, int latencyMillis, SrtStreamId streamId, HsExtension request,
      int cookie) {}

  private HandshakeRules() {}

  /** The induction reply: HSv5, the SRT magic, our SYN cookie; the rest echoes the request. */
  static Handshake induction(Handshake request, int cookie, byte[] callerAddress) {
    return new Handshake(VERSION_5, 0, Handshake.SRT_MAGIC, request.isn(), request.mtu(), request.flowWindow(),
        Handshake.INDUCTION, request.socketId(), cookie, Handshake.peerIp(callerAddress), List.of());
  }

  /** Reads a conclusion whose cookie was verified; throws {@link SrtRejected} when we will not take it. */
  static Offer conclusion(Handshake hs, int ourLatencyMillis) {
    if (hs.version() != VERSION_5) {
      throw new SrtRejected(SrtRejected.VERSION, "handshake version " + hs.version() + ": SRT 1.3 or later needed");
    }
    Handshake.Extension hsreq = hs.find(Handshake.EXT_HSREQ);
    if (hsreq == null) {
      throw new SrtRejected(SrtRejected.ROGUE, "conclusion without HSREQ");
    }
    HsExtension request = HsExtension.decode(hsreq.content());
    // the CRYPT and PACKET_FILTER flags say what the caller can do (libsrt always sets them), not what it wants
    if (hs.encryption() != 0 || hs.find(Handshake.EXT_KMREQ) != null) {
      throw new SrtRejected(SrtRejected.UNSECURE, "encryption is not supported: connect without a passphrase");
    }
    if (request.has(HsExtension.STREAM)) {
      throw new SrtRejected(SrtRejected.MESSAGE_API, "stream (file) mode is not supported: use live mode");
    }
    Handshake.Extension congestion = hs.find(Handshake.EXT_CONGESTION);
    if (congestion != null && !Handshake.streamId(congestion.content()).equals("live")) {
      throw new SrtRejected(SrtRejected.CONGESTION, "only the live congestion controller is supported");
    }
    if (hs.find(Handshake.EXT_FILTER) != null) {
      throw new SrtRejected(SrtRejected.FILTER, "packet filters (FEC) are not supported");
    }
    if (hs.find(Handshake.EXT_GROUP) != null) {
      throw new SrtRejected(SrtRejected.GROUP, "socket groups (bonding) are not supported");
    }
    if (hs.mtu() < MIN_MTU || hs.socketId() == 0) {
      throw new SrtRejected(SrtRejected.ROGUE, "bad MTU or socket id");
    }
    Handshake.Extension sid = hs.find(Handshake.EXT_SID);
    SrtStreamId id = SrtStreamId.parse(sid == null ? null : Handshake.streamId(sid.content()));
    int latency = Math.max(ourLatencyMillis, request.senderDelay());
    return new Offer(hs.socketId(), hs.isn(), Math.min(MAX_MTU, hs.mtu()), latency, id, request, hs.cookie());
  }

  /** The accepting conclusion reply, with our socket id and the HSRSP. */
  static Handshake accept(Offer offer, int ourSocket, int window, byte[] callerAddress) {
    HsExtension response = new HsExtension(HsExtension.OUR_VERSION,
        HsExtension.TSBPD_SND | HsExtension.TSBPD_RCV | HsExtension.TLPKTDROP | HsExtension.PERIODIC_NAK
            | HsExtension.REXMIT_FLAG,
        offer.latencyMillis(), Math.max(offer.latencyMillis(), offer.request().receiverDelay()));
    return new Handshake(VERSION_5, 0, Handshake.FLAG_HSREQ, offer.isn(), offer.mtu(), window, Handshake.CONCLUSION,
        ourSocket, offer.cookie(), Handshake.peerIp(callerAddress),
        List.of(new Handshake.Extension(Handshake.EXT_HSRSP, response.encode())));
  }

  /** The refusing conclusion reply: the rejection code in the type field, no extensions. */
  static Handshake reject(Handshake request, SrtRejected why, byte[] callerAddress) {
    return new Handshake(VERSION_5, 0, 0, request.isn(), request.mtu(), request.flowWindow(), why.handshakeType(), 0,
        request.cookie(), Handshake.peerIp(callerAddress), List.of());
  }
}
