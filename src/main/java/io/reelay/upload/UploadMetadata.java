package io.reelay.upload;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Upload-Metadata} header: comma-separated {@code key base64(value)} pairs, the value optional.
 * Keys are unique, non-empty and contain neither spaces nor commas.
 */
final class UploadMetadata {

  /** Far above what filename, title, description and tags need; keeps a row's metadata small. */
  static final int MAX_HEADER_CHARS = 16 * 1024;

  private UploadMetadata() {}

  static Map<String, String> parse(String header) {
    if (header == null || header.isBlank()) {
      return Map.of();
    }
    if (header.length() > MAX_HEADER_CHARS) {
      throw TusException.badRequest("Upload-Metadata is longer than " + MAX_HEADER_CHARS + " characters");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : header.split(",", -1)) {
      String trimmed = pair.trim();
      String[] parts = trimmed.split(" ", -1);
      if (trimmed.isEmpty() || parts.length > 2 || parts[0].isEmpty()) {
        throw TusException.badRequest("Upload-Metadata must be comma-separated 'key base64value' pairs, got '" + trimmed + "'");
      }
      String key = parts[0];
      if (values.containsKey(key)) {
        throw TusException.badRequest("Upload-Metadata key '" + key + "' appears twice");
      }
      values.put(key, parts.length == 2 ? decode(key, parts[1]) : "");
    }
    return Collections.unmodifiableMap(values);
  }

  private static String decode(String key, String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw TusException.badRequest("Upload-Metadata value of '" + key + "' is not base64");
    }
  }
}
