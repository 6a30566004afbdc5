package io.reelay.live.hls;

/**
 * The URIs of a live stream's files, relative to its playlist, and their parsing back for the HTTP layer:
 * {@code init-<version>.mp4}, {@code seg-<msn>.m4s}, {@code part-<number>.m4s}. Parts are numbered through the
 * whole stream rather than within their segment: the preload hint names the next part before anyone knows whether
 * a keyframe will make it the first of a new segment (a hint that would never exist stalls players).
 */
public final class HlsNames {

  public enum Kind { INIT, SEGMENT, PART }

  /**
   * A parsed name.
   *
   * @param number the init version, the media sequence number, or the part's number in the stream
   */
  public record Name(Kind kind, long number) {
  }

  private HlsNames() {
  }

  public static String init(int version) {
    return "init-" + version + ".mp4";
  }

  public static String segment(long msn) {
    return "seg-" + msn + ".m4s";
  }

  public static String part(long number) {
    return "part-" + number + ".m4s";
  }

  /** The name's meaning, or null if it is none of ours (answer 404). */
  public static Name parse(String name) {
    if (name.startsWith("init-") && name.endsWith(".mp4")) {
      long v = number(name, 5, name.length() - 4);
      return v < 0 || v > Integer.MAX_VALUE ? null : new Name(Kind.INIT, v);
    }
    if (name.startsWith("seg-") && name.endsWith(".m4s")) {
      long msn = number(name, 4, name.length() - 4);
      return msn < 0 ? null : new Name(Kind.SEGMENT, msn);
    }
    if (name.startsWith("part-") && name.endsWith(".m4s")) {
      long number = number(name, 5, name.length() - 4);
      return number < 0 ? null : new Name(Kind.PART, number);
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
