package io.reelay.media;

import org.bytedeco.javacpp.BytePointer;

/** The RFC 6381 {@code avc1.PPCCLL} string of an H.264 stream, read from its sequence parameter set. */
public final class AvcCodecs {

  private AvcCodecs() {
  }

  /**
   * @param extradata the encoder's extradata: an avcC record (MP4 style) or Annex B NAL units (x264's)
   * @return e.g. {@code avc1.64001f}; {@code avc1.640028} (High 4.0) if no SPS is found
   */
  static String fromExtradata(BytePointer extradata, int size) {
    if (extradata == null || extradata.isNull() || size < 4) {
      return "avc1.640028";
    }
    byte[] b = new byte[size];
    extradata.position(0).get(b);
    return fromBytes(b);
  }

  /** From an avcC record or Annex B NAL units; {@code avc1.640028} if neither holds an SPS. */
  public static String fromBytes(byte[] b) {
    if (b.length >= 4 && b[0] == 1) { // avcC: version, profile, constraints, level
      return format(b[1], b[2], b[3]);
    }
    for (int i = 0; i + 6 < b.length; i++) { // Annex B: 00 00 01, NAL header (type 7 = SPS), then the three
      if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && (b[i + 3] & 0x1f) == 7) {
        return format(b[i + 4], b[i + 5], b[i + 6]);
      }
    }
    return "avc1.640028";
  }

  /** The codec string of these three SPS bytes (profile_idc, constraint flags, level_idc). */
  public static String format(int profile, int constraints, int level) {
    return String.format("avc1.%02x%02x%02x", profile & 0xff, constraints & 0xff, level & 0xff);
  }
}
