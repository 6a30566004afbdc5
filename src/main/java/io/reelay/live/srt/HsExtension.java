package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;

/**
 * The HSREQ / HSRSP extension: SRT version, capability flags and the TSBPD latencies (ms) each side asks for.
 *
 * @param receiverDelay the latency the sending side of this message applies as a receiver
 * @param senderDelay the latency it asks the other side's receiver to apply (it drops too-late packets by it)
 */
record HsExtension(int srtVersion, int flags, int receiverDelay, int senderDelay) {

  static final int TSBPD_SND = 0x01;
  static final int TSBPD_RCV = 0x02;
  /** The caller can encrypt (libsrt always sets it; the encryption field and KMREQ say whether it does). */
  static final int CRYPT = 0x04;
  static final int TLPKTDROP = 0x08;
  static final int PERIODIC_NAK = 0x10;
  static final int REXMIT_FLAG = 0x20;
  static final int STREAM = 0x40;
  /** The caller can run packet filters (always set by libsrt 1.4+; the FILTER extension asks for one). */
  static final int PACKET_FILTER = 0x80;

  /** The version we announce (what libsrt 1.5.3 says); callers only compare it against old releases. */
  static final int OUR_VERSION = 0x010503;

  static HsExtension decode(Buffer content) {
    if (content.length() < 12) {
      throw new SrtProtocolException("HSREQ of " + content.length() + " bytes");
    }
    return new HsExtension(content.getInt(0), content.getInt(4), content.getUnsignedShort(8),
        content.getUnsignedShort(10));
  }

  Buffer encode() {
    return Buffer.buffer(12).appendInt(srtVersion).appendInt(flags).appendUnsignedShort(receiverDelay)
        .appendUnsignedShort(senderDelay);
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }
}
