package io.reelay.live.mpegts;

import io.reelay.media.fmp4.TestConfigs;
import java.io.ByteArrayOutputStream;

/** Hand-made elementary stream bytes: H.264 NAL units in Annex B, and ADTS frames. */
final class TsMedia {

  static final byte[] SPS = TestConfigs.sps(66, 640, 360);
  static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
  static final byte[] AUD = {0x09, (byte) 0xf0};
  static final byte[] START4 = {0, 0, 0, 1};
  static final byte[] START3 = {0, 0, 1};

  private TsMedia() {
  }

  /** A slice NAL unit of {@code size} bytes: type 5 (IDR) or 1, then a body without start-code patterns. */
  static byte[] slice(boolean idr, int size, int seed) {
    byte[] nal = new byte[size];
    nal[0] = (byte) (idr ? 0x65 : 0x41);
    for (int i = 1; i < size; i++) {
      nal[i] = (byte) (0x10 + (seed + i) % 200);
    }
    return nal;
  }

  /** NAL units, each after the start code before it in {@code parts} (start code, NAL, start code, NAL...). */
  static byte[] annexB(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** NAL units with 4-byte lengths, as the demuxer should emit them. */
  static byte[] avcc(byte[]... nals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] n : nals) {
      out.writeBytes(new byte[] {(byte) (n.length >> 24), (byte) (n.length >> 16), (byte) (n.length >> 8),
          (byte) n.length});
      out.writeBytes(n);
    }
    return out.toByteArray();
  }

  /** An ADTS frame (AAC-LC, stereo) around {@code raw}; with a (dummy) CRC when {@code crc}. */
  static byte[] adts(int rateIndex, byte[] raw, boolean crc) {
    int header = crc ? 9 : 7;
    int length = header + raw.length;
    byte[] f = new byte[length];
    f[0] = (byte) 0xff;
    f[1] = (byte) (crc ? 0xf0 : 0xf1);
    f[2] = (byte) (1 << 6 | rateIndex << 2); // profile 1 = LC, channel configuration 2 starts in the next byte
    f[3] = (byte) (2 << 6 | length >> 11);
    f[4] = (byte) (length >> 3);
    f[5] = (byte) (length << 5 | 0x1f);
    f[6] = (byte) 0xfc;
    System.arraycopy(raw, 0, f, header, raw.length);
    return f;
  }

  static byte[] raw(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }
}
