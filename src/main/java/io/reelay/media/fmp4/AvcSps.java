package io.reelay.media.fmp4;

/**
 * What the segmenter needs from an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1): the picture size after
 * cropping and the sample aspect ratio.
 */
public record AvcSps(int profile, int constraints, int level, int width, int height, int sarWidth, int sarHeight) {

  private static final int[][] SAR = {{0, 0}, {1, 1}, {12, 11}, {10, 11}, {16, 11}, {40, 33}, {24, 11}, {20, 11},
      {32, 11}, {80, 33}, {18, 11}, {15, 11}, {64, 33}, {160, 99}, {4, 3}, {3, 2}, {2, 1}};

  /** @param nal one SPS NAL unit, header byte included, emulation prevention bytes still in */
  public static AvcSps parse(byte[] nal) {
    if (nal.length < 4 || (nal[0] & 0x1f) != 7) {
      throw new MalformedConfigException("not an H.264 SPS NAL unit");
    }
    byte[] rbsp = unescape(nal);
    BitReader r = new BitReader(rbsp, 1, rbsp.length - 1, "H.264 SPS");
    int profile = r.u(8);
    int constraints = r.u(8);
    int level = r.u(8);
    r.ue(); // seq_parameter_set_id
    int chroma = 1;
    boolean separatePlanes = false;
    if (hasChromaInfo(profile)) {
      chroma = r.ue();
      if (chroma > 3) {
        throw new MalformedConfigException("H.264 SPS has chroma_format_idc " + chroma);
      }
      if (chroma == 3) {
        separatePlanes = r.flag();
      }
      r.ue(); // bit_depth_luma_minus8
      r.ue(); // bit_depth_chroma_minus8
      r.skip(1); // qpprime_y_zero_transform_bypass_flag
      if (r.flag()) { // seq_scaling_matrix_present_flag
        for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
          if (r.flag()) {
            skipScalingList(r, i < 6 ? 16 : 64);
          }
        }
      }
    }
    r.ue(); // log2_max_frame_num_minus4
    int pocType = r.ue();
    if (pocType == 0) {
      r.ue(); // log2_max_pic_order_cnt_lsb_minus4
    } else if (pocType == 1) {
      r.skip(1); // delta_pic_order_always_zero_flag
      r.se(); // offset_for_non_ref_pic
      r.se(); // offset_for_top_to_bottom_field
      int cycle = r.ue();
      if (cycle > 255) {
        throw new MalformedConfigException("H.264 SPS has " + cycle + " reference frames in the POC cycle");
      }
      for (int i = 0; i < cycle; i++) {
        r.se();
      }
    } else if (pocType != 2) {
      throw new MalformedConfigException("H.264 SPS has pic_order_cnt_type " + pocType);
    }
    r.ue(); // max_num_ref_frames
    r.skip(1); // gaps_in_frame_num_value_allowed_flag
    long widthMbs = r.ue() + 1L;
    long heightUnits = r.ue() + 1L;
    boolean frameMbsOnly = r.flag();
    if (!frameMbsOnly) {
      r.skip(1); // mb_adaptive_frame_field_flag
    }
    r.skip(1); // direct_8x8_inference_flag
    long cropLeft = 0;
    long cropRight = 0;
    long cropTop = 0;
    long cropBottom = 0;
    if (r.flag()) {
      cropLeft = r.ue();
      cropRight = r.ue();
      cropTop = r.ue();
      cropBottom = r.ue();
    }
    boolean mono = chroma == 0 || separatePlanes;
    long cropX = mono ? 1 : (chroma == 3 ? 1 : 2);
    long cropY = (mono ? 1 : (chroma == 1 ? 2 : 1)) * (frameMbsOnly ? 1 : 2);
    long width = widthMbs * 16 - cropX * (cropLeft + cropRight);
    long height = (frameMbsOnly ? 1 : 2) * heightUnits * 16 - cropY * (cropTop + cropBottom);
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
      throw new MalformedConfigException("H.264 SPS gives an impossible picture size " + width + "x" + height);
    }
    int sarW = 1;
    int sarH = 1;
    if (r.flag() && r.flag()) { // vui_parameters_present_flag, aspect_ratio_info_present_flag
      int idc = r.u(8);
      if (idc == 255) {
        sarW = r.u(16);
        sarH = r.u(16);
      } else if (idc > 0 && idc < SAR.length) {
        sarW = SAR[idc][0];
        sarH = SAR[idc][1];
      }
      if (sarW == 0 || sarH == 0) {
        sarW = sarH = 1;
      }
    }
    return new AvcSps(profile, constraints, level, (int) width, (int) height, sarW, sarH);
  }

  private static boolean hasChromaInfo(int profile) {
    return switch (profile) {
      case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
      default -> false;
    };
  }

  private static void skipScalingList(BitReader r, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) {
        next = (last + r.se() + 256) % 256;
      }
      last = next == 0 ? last : next;
    }
  }

  /** The RBSP: the NAL unit without its emulation prevention bytes (the 03 of every 00 00 03). */
  static byte[] unescape(byte[] nal) {
    byte[] out = new byte[nal.length];
    int n = 0;
    int zeros = 0;
    for (byte b : nal) {
      if (zeros >= 2 && b == 3) {
        zeros = 0;
        continue;
      }
      zeros = b == 0 ? zeros + 1 : 0;
      out[n++] = b;
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }
}
