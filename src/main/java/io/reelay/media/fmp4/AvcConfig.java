package io.reelay.media.fmp4;

import io.reelay.media.AvcCodecs;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed AVCDecoderConfigurationRecord (ISO 14496-15 5.3.3.1) and what its first SPS says.
 *
 * @param record the record as the init segment carries it: always declaring 4-byte NAL lengths, since that is
 *     what every {@code AccessUnit} holds whatever the source declared
 */
public record AvcConfig(byte[] record, AvcSps sps) {

  public static AvcConfig parse(byte[] avcc) {
    if (avcc == null || avcc.length < 7) {
      throw new MalformedConfigException("AVC configuration record is too short");
    }
    if (avcc[0] != 1) {
      throw new MalformedConfigException("AVC configuration record has version " + (avcc[0] & 0xff) + ", not 1");
    }
    int spsCount = avcc[5] & 0x1f;
    if (spsCount == 0) {
      throw new MalformedConfigException("AVC configuration record holds no SPS");
    }
    int pos = 6;
    byte[] firstSps = null;
    for (int i = 0; i < spsCount; i++) {
      int len = length(avcc, pos);
      if (i == 0) {
        firstSps = Arrays.copyOfRange(avcc, pos + 2, pos + 2 + len);
      }
      pos += 2 + len;
    }
    if (pos >= avcc.length) {
      throw new MalformedConfigException("AVC configuration record is truncated before its PPS count");
    }
    int ppsCount = avcc[pos++] & 0xff;
    for (int i = 0; i < ppsCount; i++) {
      pos += 2 + length(avcc, pos);
    }
    byte[] record = avcc.clone();
    record[4] = (byte) 0xff; // reserved bits + lengthSizeMinusOne = 3
    return new AvcConfig(record, AvcSps.parse(firstSps));
  }

  /**
   * Builds a record declaring 4-byte NAL lengths from parameter set NAL units (header byte included), for sources
   * that send them in-band (Annex B). Profile, compatibility and level are the first SPS's; the high-profile
   * extension fields are left out (optional for 4:2:0 8-bit, and no decoder needs them).
   */
  public static byte[] record(List<byte[]> sps, List<byte[]> pps) {
    int size = 7;
    for (byte[] p : sps) {
      size += 2 + p.length;
    }
    for (byte[] p : pps) {
      size += 2 + p.length;
    }
    byte[] first = sps.get(0);
    if (first.length < 4) {
      throw new MalformedConfigException("H.264 SPS of " + first.length + " bytes");
    }
    byte[] out = new byte[size];
    out[0] = 1;
    out[1] = first[1];
    out[2] = first[2];
    out[3] = first[3];
    out[4] = (byte) 0xff;
    out[5] = (byte) (0xe0 | sps.size());
    int pos = putAll(out, 6, sps);
    out[pos] = (byte) pps.size();
    putAll(out, pos + 1, pps);
    return out;
  }

  private static int putAll(byte[] out, int pos, List<byte[]> units) {
    for (byte[] u : units) {
      out[pos] = (byte) (u.length >> 8);
      out[pos + 1] = (byte) u.length;
      System.arraycopy(u, 0, out, pos + 2, u.length);
      pos += 2 + u.length;
    }
    return pos;
  }

  private static int length(byte[] b, int pos) {
    if (pos + 2 > b.length) {
      throw new MalformedConfigException("AVC configuration record is truncated");
    }
    int len = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
    if (len == 0 || pos + 2 + len > b.length) {
      throw new MalformedConfigException("AVC configuration record has a parameter set length past its end");
    }
    return len;
  }

  /** RFC 6381 codec string, e.g. {@code avc1.64001f}, from the SPS. */
  public String codec() {
    return AvcCodecs.format(sps.profile(), sps.constraints(), sps.level());
  }

  public int width() {
    return sps.width();
  }

  public int height() {
    return sps.height();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AvcConfig c && Arrays.equals(record, c.record);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(record);
  }

  @Override
  public String toString() {
    return codec() + " " + width() + "x" + height();
  }
}
