package io.reelay.playback;

import io.reelay.node.Ids;
import io.reelay.node.http.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A request path under {@code /vod/}, parsed from the raw (undecoded) path: {@code /vod/{videoId}/{file...}}
 * or, signed, {@code /vod/{videoId}/s/{expiresEpochSeconds}/{signature}/{file...}}. The signature sits in
 * the path so that every URI a playlist gives relative to it carries it too.
 *
 * <p>Every segment must be a plain name: letters, digits, {@code _ - .}, not starting with a dot. That
 * one rule refuses {@code .} and {@code ..}, hidden files, percent-encoding (so no encoded dots or
 * slashes), backslashes, colons, NUL and empty segments (absolute paths, {@code //}) before any file
 * system call sees the name.
 *
 * @param expiresEpochSeconds -1 when unsigned
 * @param signature           null when unsigned
 * @param file                the path below the video's {@code hls/} directory, one name per element
 */
record VodPath(String videoId, long expiresEpochSeconds, String signature, List<String> file) {

  static final String PREFIX = "/vod/";
  /** The top-level name that introduces a signature; the transcoder must not name a rung like it. */
  static final String SIGNED = "s";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
  private static final Pattern EXPIRY = Pattern.compile("[0-9]{1,12}");
  private static final int MAX_DEPTH = 4;

  VodPath {
    file = List.copyOf(file);
  }

  boolean signed() {
    return signature != null;
  }

  String fileName() {
    return file.get(file.size() - 1);
  }

  /** 400 for a malformed path, 404 for an id that cannot exist or a path naming no file. */
  static VodPath parse(String rawPath) {
    if (rawPath == null || !rawPath.startsWith(PREFIX)) {
      throw notAllowed();
    }
    List<String> parts = Arrays.asList(rawPath.substring(PREFIX.length()).split("/", -1));
    for (String part : parts) {
      if (!NAME.matcher(part).matches()) {
        throw notAllowed();
      }
    }
    String videoId = parts.get(0);
    if (!Ids.wellFormed(videoId)) {
      throw new ApiException(404, "not_found", "no video " + videoId);
    }
    List<String> rest = parts.subList(1, parts.size());
    long expires = -1;
    String signature = null;
    if (!rest.isEmpty() && rest.get(0).equals(SIGNED)) {
      if (rest.size() < 3 || !EXPIRY.matcher(rest.get(1)).matches()) {
        throw new ApiException(403, "forbidden", "malformed signed URL");
      }
      expires = Long.parseLong(rest.get(1));
      signature = rest.get(2);
      rest = rest.subList(3, rest.size());
    }
    if (rest.isEmpty() || rest.size() > MAX_DEPTH) {
      throw new ApiException(404, "not_found", "no such file: " + rawPath);
    }
    return new VodPath(videoId, expires, signature, rest);
  }

  private static ApiException notAllowed() {
    return ApiException.badRequest("path not allowed: segments must be plain names (no dot segments, "
        + "percent-encoding, backslashes or empty segments)");
  }
}
