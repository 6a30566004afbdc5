package io.reelay.playback;

import io.reelay.playback.VodFiles.VodFile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * ETag and Last-Modified of a served file, and the conditional headers that use them (RFC 9110 section 13).
 * The ETag comes from size and modification time: cheap (no hashing), and the same on every node because
 * the storage dir is shared. Text types may be gzipped on the way out, so their ETag is weak.
 */
final class Validators {

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private Validators() {}

  static String etag(VodFile file, boolean weak) {
    String tag = "\"" + Long.toHexString(file.size()) + "-" + Long.toHexString(file.modifiedMillis()) + "\"";
    return weak ? "W/" + tag : tag;
  }

  static String httpDate(long epochMillis) {
    return HTTP_DATE.format(Instant.ofEpochMilli(epochMillis));
  }

  /**
   * True when the client's copy is current (answer 304): any {@code If-None-Match} tag matches weakly
   * (or is {@code *}); only without that header, {@code If-Modified-Since} is not before the file's time.
   */
  static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, long modifiedMillis) {
    if (ifNoneMatch != null) {
      String ours = opaque(etag);
      for (String tag : ifNoneMatch.split(",")) {
        String t = tag.trim();
        if (t.equals("*") || opaque(t).equals(ours)) {
          return true;
        }
      }
      return false;
    }
    long since = parseDate(ifModifiedSince);
    return since >= 0 && modifiedMillis / 1000 <= since;
  }

  /**
   * {@code If-Range}: the range applies only while the client's copy is this one. It takes a strong
   * ETag (compared strongly) or the exact Last-Modified date.
   */
  static boolean rangeApplies(String ifRange, String etag, long modifiedMillis) {
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.trim();
    if (value.startsWith("\"")) {
      return !etag.startsWith("W/") && value.equals(etag);
    }
    return !value.startsWith("W/") && parseDate(value) == modifiedMillis / 1000;
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  /** Epoch seconds of an HTTP date; -1 when absent or not one (such a header is ignored). */
  private static long parseDate(String value) {
    if (value == null) {
      return -1;
    }
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}
