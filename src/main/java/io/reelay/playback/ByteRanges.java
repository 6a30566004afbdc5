package io.reelay.playback;

import java.util.Locale;

/**
 * The {@code Range} header of a request for a file of known size (RFC 9110 section 14), reduced to what
 * a player needs: the whole file, one part of it, or nothing that can be satisfied.
 *
 * <p>Several ranges in one request are answered with the whole file (200), which the RFC allows, rather
 * than a multipart body: players never ask for them, and coalescing many tiny ranges into multipart is an
 * amplification vector for little gain. They get a 416 only when none of them can be satisfied.
 * A range unit other than {@code bytes} is ignored; a malformed {@code bytes} range is a 416.
 */
final class ByteRanges {

  /** What to send. */
  sealed interface Selection permits Whole, Part, Unsatisfiable {}

  record Whole() implements Selection {}

  /** Bytes {@code first..last}, both inclusive. */
  record Part(long first, long last) implements Selection {
    long length() {
      return last - first + 1;
    }

    String contentRange(long size) {
      return "bytes " + first + "-" + last + "/" + size;
    }
  }

  record Unsatisfiable() implements Selection {
    static String contentRange(long size) {
      return "bytes */" + size;
    }
  }

  private static final Whole WHOLE = new Whole();
  private static final Unsatisfiable UNSATISFIABLE = new Unsatisfiable();
  private static final String UNIT = "bytes=";

  private ByteRanges() {}

  static Selection select(String header, long size) {
    if (header == null) {
      return WHOLE;
    }
    String value = header.trim();
    if (!value.toLowerCase(Locale.ROOT).startsWith(UNIT)) {
      return WHOLE;
    }
    Part only = null;
    int specs = 0;
    for (String raw : value.substring(UNIT.length()).split(",", -1)) {
      String spec = raw.trim();
      if (spec.isEmpty()) {
        continue; // the list syntax allows empty elements
      }
      specs++;
      Part part = part(spec, size);
      if (part == MALFORMED) {
        return UNSATISFIABLE;
      }
      if (part != null) {
        only = part;
      }
    }
    if (only == null) {
      return UNSATISFIABLE;
    }
    return specs == 1 ? only : WHOLE;
  }

  private static final Part MALFORMED = new Part(-1, -1);

  /** The part a spec selects; null when it selects nothing of this file; {@link #MALFORMED}. */
  private static Part part(String spec, long size) {
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return MALFORMED;
    }
    long from = number(spec.substring(0, dash).trim());
    long to = number(spec.substring(dash + 1).trim());
    if (from == NONE) { // suffix: the last n bytes
      if (to < 0) {
        return MALFORMED;
      }
      return to == 0 || size == 0 ? null : new Part(Math.max(0, size - to), size - 1);
    }
    if (to == NONE) {
      to = Long.MAX_VALUE;
    }
    if (from < 0 || to < 0 || to < from) {
      return MALFORMED;
    }
    return from >= size ? null : new Part(from, Math.min(to, size - 1));
  }

  private static final long NONE = -2;

  /** A decimal of ASCII digits (huge ones saturate); {@link #NONE} when empty, -1 when not a number. */
  private static long number(String digits) {
    if (digits.isEmpty()) {
      return NONE;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return -1;
      }
    }
    return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
  }
}
