package io.reelay.media;

/**
 * How a stored picture must be turned to be shown upright: a clockwise rotation by {@code degrees}, then,
 * when {@code mirrored}, a left-right flip. Phones store what the sensor saw and say in the container (the
 * display matrix: the MP4 {@code tkhd} matrix, FFmpeg's {@code AV_PKT_DATA_DISPLAYMATRIX}) how to turn it.
 *
 * @param degrees  0, 90, 180 or 270, clockwise
 * @param mirrored flipped left-right after the rotation
 */
record Orientation(int degrees, boolean mirrored) {

  static final Orientation UPRIGHT = new Orientation(0, false);

  Orientation {
    if (degrees % 90 != 0 || degrees < 0 || degrees >= 360) {
      throw new IllegalArgumentException("degrees: " + degrees);
    }
  }

  /**
   * Reads a display matrix (9 ints, row-major). A point (p, q) of the stored picture is shown at
   * (a*p + c*q, b*p + d*q) with a, b, c, d = m[0], m[1], m[3], m[4], in picture coordinates (y down); only their
   * signs matter. Only quarter turns and flips are supported: any other angle (never seen from a camera) and a
   * missing matrix give {@link #UPRIGHT}.
   */
  static Orientation fromMatrix(int[] m) {
    if (m == null || m.length < 5) {
      return UPRIGHT;
    }
    double max = Math.max(Math.max(Math.abs((double) m[0]), Math.abs((double) m[1])),
        Math.max(Math.abs((double) m[3]), Math.abs((double) m[4])));
    if (max == 0) {
      return UPRIGHT;
    }
    int a = sign(m[0], max);
    int b = sign(m[1], max);
    int c = sign(m[3], max);
    int d = sign(m[4], max);
    if (b == 0 && c == 0 && a != 0 && d != 0) { // axes kept: identity, half turn, or a flip
      return a == d ? new Orientation(a > 0 ? 0 : 180, false) : new Orientation(a < 0 ? 0 : 180, true);
    }
    if (a == 0 && d == 0 && b != 0 && c != 0) { // axes swapped: a quarter turn, maybe flipped
      // (-q, p) is clockwise and (q, -p) counter-clockwise; (q, p) and (-q, -p) are those, flipped
      return new Orientation(b > 0 ? 90 : 270, b == c);
    }
    return UPRIGHT;
  }

  /** The sign of a matrix entry, 0 for one negligible beside the largest (rounding of cos 90). */
  private static int sign(int entry, double max) {
    return Math.abs(entry) < max / 100 ? 0 : Integer.signum(entry);
  }

  boolean upright() {
    return degrees == 0 && !mirrored;
  }

  /** Whether the shown picture is the stored one with width and height swapped. */
  boolean swapsAxes() {
    return degrees == 90 || degrees == 270;
  }

  /** The libavfilter chain that turns the stored picture upright; empty when it is upright. */
  String filter() {
    return switch (degrees) {
      case 0 -> mirrored ? "hflip" : "";
      case 90 -> mirrored ? "transpose=cclock_flip" : "transpose=clock";
      case 180 -> mirrored ? "vflip" : "hflip,vflip";
      default -> mirrored ? "transpose=clock_flip" : "transpose=cclock";
    };
  }
}
