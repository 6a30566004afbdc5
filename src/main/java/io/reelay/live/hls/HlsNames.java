package io.reelay.live.hls;

/**
 * The URIs of a live stream's files, relative to its playlist, and their parsing back for the HTTP layer:
 * {@code init-<version>.mp4}, {@code seg-<msn>.m4s}, {@code part-<msn>.<index>.m4s}.
 */
public final class HlsNames {

  public enum Kind { INIT, SEGMENT, PART }

  /**
   * A parsed name.
   *
   * @param number the init version, or the media sequence number
   * @param part the part index, -1 unless {@link Kind#PART}
   */
  public record Name(Kind kind, long number, int part) {
  }

  private HlsNames() {
  }

  public static String init(int version) {
    return "init-" + version + ".mp4";
  }

  public static String segment(long msn) {
    return "seg-" + msn + ".m4s";
  }

  public static String part(long msn, int index) {
    return "part-" + msn + "." + index + ".m4s";
  }

  /** The name's meaning, or null if it is none of ours (answer 404). */
  public static Name parse(String name) {
    if (name.startsWith("init-") && name.endsWith(".mp4")) {
      long v = number(name, 5, name.length() - 4);
      return v < 0 || v > Integer.MAX_VALUE ? null : new Name(Kind.INIT, v, -1);
    }
    if (name.startsWith("seg-") && name.endsWith(".m4s")) {
      long msn = number(name, 4, name.length() - 4);
      return msn < 0 ? null : new Name(Kind.SEGMENT, msn, -1);
    }
    if (name.startsWith("part-") && name.endsWith(".m4s")) {
      int dot = name.indexOf('.', 5);
      if (dot < 0) {
        return null;
      }
      long msn = number(name, 5, dot);
      long index = number(name, dot + 1, name.length() - 4);
      return msn < 0 || index < 0 || index > Integer.MAX_VALUE ? null : new Name(Kind.PART, msn, (int) index);
    }
    return null;
  }

  /** The decimal digits in [from, to), or -1 if there are none, others, or too many. */
  private static long number(String s, int from, int to) {
    if (to <= from || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
