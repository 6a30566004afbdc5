package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_PROGRESSIVE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_UNKNOWN;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT2020;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_ARIB_STD_B67;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_SMPTE2084;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.av_color_transfer_name;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * What a video stream's headers say about its pictures beyond their stored size: how to turn them upright,
 * the shape of their pixels, whether they are interlaced, and their colours. Read once, by the probe and by
 * the transcoder, so both agree on the size the video is shown at.
 *
 * @param width       stored width in pixels
 * @param height      stored height in pixels
 * @param sarNum      sample (pixel) aspect ratio, numerator; 1:1 when the stream does not say
 * @param sarDen      sample aspect ratio, denominator
 * @param orientation how to turn the stored picture upright
 * @param interlaced  the stream says its pictures are coded as two fields
 * @param colour      the colour tags of the stream
 */
record SourcePicture(int width, int height, int sarNum, int sarDen, Orientation orientation, boolean interlaced,
    Colour colour) {

  /**
   * FFmpeg's colour tags ({@code AVCOL_PRI_*}, {@code AVCOL_TRC_*}, {@code AVCOL_SPC_*}); 2 means unspecified.
   */
  record Colour(int primaries, int transfer, int matrix) {

    /** What SDR HD video is, and what the transcoder writes when it converts colours. */
    static final Colour BT709 = new Colour(AVCOL_PRI_BT709, AVCOL_TRC_BT709, AVCOL_SPC_BT709);

    /** High dynamic range: PQ (HDR10, Dolby Vision's base layer) or HLG (broadcast, iPhones). */
    boolean hdr() {
      return transfer == AVCOL_TRC_SMPTE2084 || transfer == AVCOL_TRC_ARIB_STD_B67;
    }

    /** BT.2020 primaries: colours outside what SDR players show, whether HDR or not. */
    boolean wideGamut() {
      return primaries == AVCOL_PRI_BT2020;
    }

    /** FFmpeg's name of the transfer function (e.g. {@code smpte2084}), null when unspecified. */
    String transferName() {
      BytePointer name = transfer == AVCOL_TRC_UNSPECIFIED ? null : av_color_transfer_name(transfer);
      return name == null || name.isNull() ? null : name.getString();
    }
  }

  static SourcePicture of(AVStream st) {
    AVCodecParameters par = st.codecpar();
    AVRational sar = validOr(st.sample_aspect_ratio(), par.sample_aspect_ratio());
    int field = par.field_order();
    return new SourcePicture(par.width(), par.height(), sar == null ? 1 : sar.num(), sar == null ? 1 : sar.den(),
        Orientation.fromMatrix(displayMatrix(par)), field != AV_FIELD_UNKNOWN && field != AV_FIELD_PROGRESSIVE,
        new Colour(par.color_primaries(), par.color_trc(), par.color_space()));
  }

  /**
   * The container's pixel shape (MP4 {@code pasp}, MKV display size) first, else the codec's. Real pixel shapes
   * lie between 1:2 and 2:1 (PAL widescreen is 64:45, HDV 4:3); anything beyond 1:4 or 4:1 is a broken header,
   * and reading it as square shows the picture at its stored size rather than as a sliver.
   */
  private static AVRational validOr(AVRational container, AVRational codec) {
    for (AVRational r : new AVRational[] {container, codec}) {
      if (r.num() > 0 && r.den() > 0) {
        double ratio = (double) r.num() / r.den();
        return ratio >= 0.25 && ratio <= 4 ? r : null;
      }
    }
    return null;
  }

  private static int[] displayMatrix(AVCodecParameters par) {
    AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
        AV_PKT_DATA_DISPLAYMATRIX);
    if (sd == null || sd.isNull() || sd.size() < 9 * 4) {
      return null;
    }
    int[] m = new int[9];
    new IntPointer(sd.data()).get(m);
    return m;
  }

  /** Width as shown: square pixels (the stored height kept, the width stretched), then turned upright. */
  int displayWidth() {
    return orientation.swapsAxes() ? height : squareWidth();
  }

  int displayHeight() {
    return orientation.swapsAxes() ? squareWidth() : height;
  }

  private int squareWidth() {
    return (int) Math.round((double) width * sarNum / sarDen);
  }
}
