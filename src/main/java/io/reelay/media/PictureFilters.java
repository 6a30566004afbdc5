package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_RGB;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;

import java.util.ArrayList;
import java.util.List;

/**
 * What is done to decoded pictures, once, before the renditions scale them: deinterlacing, turning them
 * upright, and bringing HDR or wide-gamut colours to SDR BT.709. Written as a libavfilter chain; empty for an
 * ordinary source (progressive, upright, SDR), whose pictures then go to the renditions untouched, so their
 * cost does not change. Non-square pixels need no filter: each rendition's scaler stretches them to its own
 * square-pixel size, planned from the display size.
 */
final class PictureFilters {

  /**
   * bwdif (yadif's successor: fewer artefacts, the same speed), one frame out per frame in (the renditions keep
   * the source's frame rate), and only frames the decoder flags as interlaced: a progressive frame of a mixed
   * stream passes as it is.
   */
  static final String DEINTERLACE = "bwdif=mode=send_frame:parity=auto:deint=interlaced";

  /**
   * HDR to SDR with zimg and FFmpeg's tone mapper, the recipe of FFmpeg's documentation: linear light with 100
   * nits as 1.0, BT.2020 to BT.709 primaries in linear light, Hable's curve (highlights roll off instead of
   * clipping; desat=0 keeps their colour), then the BT.709 transfer, matrix and limited range. The first step also
   * scales to the top rendition, so the float stages never run at more than its size (a 4K phone video is
   * tone-mapped at 1080p).
   */
  private static final String TONE_MAP = "zscale=w=%d:h=%d:t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,"
      + "tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p";
  /** SDR with BT.2020 primaries: only the primaries (in linear light, zimg's own path) and the matrix change. */
  private static final String TO_BT709 = "zscale=w=%d:h=%d:p=bt709:t=bt709:m=bt709:r=tv,format=yuv420p";

  private PictureFilters() {
  }

  /**
   * @param deinterlace whether frames flagged as interlaced must be deinterlaced (the stream says so, or a
   *                    decoded frame did)
   * @param width       the top rendition's width (display orientation)
   * @param height      the top rendition's height
   * @return the filter chain, or "" when the pictures need nothing
   */
  static String describe(SourcePicture source, boolean deinterlace, int width, int height) {
    List<String> steps = new ArrayList<>();
    if (deinterlace) {
      steps.add(DEINTERLACE); // first: fields are rows of the stored picture, before any turn or scale
    }
    if (!source.orientation().upright()) {
      steps.add(source.orientation().filter());
    }
    if (source.colour().hdr()) {
      steps.add(String.format(TONE_MAP, width, height));
    } else if (source.colour().wideGamut()) {
      steps.add(String.format(TO_BT709, width, height));
    }
    return String.join(",", steps);
  }

  /**
   * The colour tags of the renditions: BT.709 when the colours were converted, else the source's own, which stay
   * true because the scalers keep a YUV source's matrix (unspecified stays unspecified). An RGB source's matrix
   * tag does not carry over: swscale picks the YUV matrix when it converts it.
   */
  static SourcePicture.Colour outputColour(SourcePicture source) {
    SourcePicture.Colour c = source.colour();
    if (c.hdr() || c.wideGamut()) {
      return SourcePicture.Colour.BT709;
    }
    return new SourcePicture.Colour(c.primaries(), c.transfer(), c.matrix() == AVCOL_SPC_RGB ? AVCOL_SPC_UNSPECIFIED
        : c.matrix());
  }
}
