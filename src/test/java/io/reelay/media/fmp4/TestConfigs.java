package io.reelay.media.fmp4;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** Hand-made codec configurations for tests that need no encoder: an SPS written bit by bit, and ASCs. */
public final class TestConfigs {

  /** AAC-LC, 48 kHz, stereo. */
  public static final byte[] AAC_LC_48K_STEREO = {0x11, (byte) 0x90};

  private TestConfigs() {
  }

  /** An avcC record for a Constrained Baseline 3.0 stream of {@code width x height} (cropped from whole MBs). */
  public static byte[] avcc(int width, int height) {
    return avcc(sps(66, width, height), new byte[] {0x68, (byte) 0xce, 0x3c, (byte) 0x80});
  }

  public static byte[] avcc(byte[] sps, byte[] pps) {
    return AvcConfig.record(List.of(sps), List.of(pps));
  }

  /** An SPS NAL unit (profile 66 baseline or 100 high), 4:2:0, progressive, cropped to the size. */
  public static byte[] sps(int profile, int width, int height) {
    Bits b = new Bits();
    b.u(8, 0x67).u(8, profile).u(8, profile == 66 ? 0xc0 : 0).u(8, 30).ue(0);
    if (profile == 100) {
      b.ue(1).ue(0).ue(0).u(1, 0).u(1, 0); // 4:2:0, 8 bit, no scaling matrices
    }
    b.ue(0).ue(0).ue(0).ue(1).u(1, 0); // frame_num, poc type 0, poc lsb, 1 ref, no gaps
    int mbsW = (width + 15) / 16;
    int mbsH = (height + 15) / 16;
    b.ue(mbsW - 1).ue(mbsH - 1).u(1, 1).u(1, 1); // frame_mbs_only, direct_8x8
    int cropRight = (mbsW * 16 - width) / 2;
    int cropBottom = (mbsH * 16 - height) / 2;
    if (cropRight + cropBottom > 0) {
      b.u(1, 1).ue(0).ue(cropRight).ue(0).ue(cropBottom);
    } else {
      b.u(1, 0);
    }
    b.u(1, 0).u(1, 1); // no VUI, rbsp stop bit
    return b.bytes();
  }

  /** Big-endian bits with Exp-Golomb codes, padded with zeros to a byte. */
  static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int used;

    Bits u(int bits, int value) {
      for (int i = bits - 1; i >= 0; i--) {
        current = (current << 1) | ((value >>> i) & 1);
        if (++used == 8) {
          out.write(current);
          current = 0;
          used = 0;
        }
      }
      return this;
    }

    Bits ue(int value) {
      int v = value + 1;
      int len = 32 - Integer.numberOfLeadingZeros(v);
      return u(len - 1, 0).u(len, v);
    }

    byte[] bytes() {
      if (used > 0) {
        u(8 - used, 0);
      }
      return out.toByteArray();
    }
  }
}
