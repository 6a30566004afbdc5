package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIF of a handshake packet (HSv5): 48 fixed bytes, then extensions (type, length in 4-byte words, content).
 *
 * @param encryption the caller's cipher (2, 3, 4: AES-128/192/256), 0 for none
 * @param extension in an induction reply the SRT magic; in a conclusion the flags of the extensions present
 * @param type {@link #INDUCTION}, {@link #CONCLUSION}..., or 1000 + a rejection code
 * @param socketId the sender's SRT socket id
 * @param peerIp 16 bytes: the address of the other side as the sender sees it
 */
record Handshake(int version, int encryption, int extension, int isn, int mtu, int flowWindow, int type,
    int socketId, int cookie, Buffer peerIp, List<Extension> extensions) {

  static final int FIXED = 48;
  static final int INDUCTION = 1;
  static final int WAVEAHAND = 0;
  static final int CONCLUSION = -1;
  static final int AGREEMENT = -2;
  static final int DONE = -3;
  /** The first rejection type; type = REJECTION_BASE + code. */
  static final int REJECTION_BASE = 1000;
  /** What an HSv5 listener puts in the extension field of its induction reply. */
  static final int SRT_MAGIC = 0x4A17;

  static final int FLAG_HSREQ = 1;
  static final int FLAG_KMREQ = 2;
  static final int FLAG_CONFIG = 4;

  static final int EXT_HSREQ = 1;
  static final int EXT_HSRSP = 2;
  static final int EXT_KMREQ = 3;
  static final int EXT_KMRSP = 4;
  static final int EXT_SID = 5;
  static final int EXT_CONGESTION = 6;
  static final int EXT_FILTER = 7;
  static final int EXT_GROUP = 8;

  /** One handshake extension; its content is a whole number of 4-byte words. */
  record Extension(int type, Buffer content) {}

  static Handshake decode(Buffer cif) {
    if (cif.length() < FIXED) {
      throw new SrtProtocolException("handshake of " + cif.length() + " bytes");
    }
    List<Extension> extensions = new ArrayList<>();
    int pos = FIXED;
    while (pos + 4 <= cif.length()) {
      int type = cif.getUnsignedShort(pos);
      int bytes = cif.getUnsignedShort(pos + 2) * 4;
      if (pos + 4 + bytes > cif.length()) {
        throw new SrtProtocolException("handshake extension " + type + " overruns the packet");
      }
      extensions.add(new Extension(type, cif.slice(pos + 4, pos + 4 + bytes)));
      pos += 4 + bytes;
    }
    return new Handshake(cif.getInt(0), cif.getUnsignedShort(4), cif.getUnsignedShort(6), cif.getInt(8) & SeqNo.MASK,
        cif.getInt(12), cif.getInt(16), cif.getInt(20), cif.getInt(24), cif.getInt(28), cif.slice(32, 48),
        List.copyOf(extensions));
  }

  Buffer encode() {
    Buffer b = Buffer.buffer(FIXED + 32).appendInt(version).appendUnsignedShort(encryption)
        .appendUnsignedShort(extension).appendInt(isn).appendInt(mtu).appendInt(flowWindow).appendInt(type)
        .appendInt(socketId).appendInt(cookie).appendBuffer(peerIp);
    for (Extension e : extensions) {
      int words = (e.content().length() + 3) / 4;
      b.appendUnsignedShort(e.type()).appendUnsignedShort(words).appendBuffer(e.content());
      b.appendBytes(new byte[words * 4 - e.content().length()]);
    }
    return b;
  }

  ControlPacket packet(int timestamp, int destSocket) {
    return new ControlPacket(ControlPacket.HANDSHAKE, 0, timestamp, destSocket, encode());
  }

  Extension find(int type) {
    for (Extension e : extensions) {
      if (e.type() == type) {
        return e;
      }
    }
    return null;
  }

  boolean isRejection() {
    return type >= REJECTION_BASE;
  }

  // libsrt writes strings (the stream id) and IPv4 addresses as native-endian 32-bit words put through htonl:
  // on the wire every group of 4 bytes is reversed. Every implementation follows it, so we do too.

  static String streamId(Buffer content) {
    byte[] bytes = swapWords(content.getBytes());
    int n = 0;
    while (n < bytes.length && bytes[n] != 0) {
      n++;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  static Buffer streamIdContent(String sid) {
    byte[] raw = sid.getBytes(StandardCharsets.UTF_8);
    byte[] padded = new byte[(raw.length + 3) / 4 * 4];
    System.arraycopy(raw, 0, padded, 0, raw.length);
    return Buffer.buffer(swapWords(padded));
  }

  /** The 16-byte peer address field for an IPv4 (4 bytes) or IPv6 (16 bytes) address. */
  static Buffer peerIp(byte[] address) {
    byte[] field = new byte[16];
    System.arraycopy(address, 0, field, 0, Math.min(16, address.length));
    return Buffer.buffer(swapWords(field));
  }

  private static byte[] swapWords(byte[] b) {
    byte[] out = new byte[b.length / 4 * 4];
    for (int i = 0; i + 4 <= b.length; i += 4) {
      out[i] = b[i + 3];
      out[i + 1] = b[i + 2];
      out[i + 2] = b[i + 1];
      out[i + 3] = b[i];
    }
    return out;
  }
}
