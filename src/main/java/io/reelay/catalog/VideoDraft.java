package io.reelay.catalog;

import io.reelay.node.http.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The editable fields of a new video, validated and normalised on construction. The field rules
 * are shared with {@link VideoPatch}, so creation and editing accept exactly the same values.
 */
public record VideoDraft(String title, String description, List<String> tags, Visibility visibility) {

  static final int MAX_TITLE = 200;
  static final int MAX_DESCRIPTION = 5000;
  static final int MAX_TAGS = 20;
  static final int MAX_TAG = 40;
  private static final String UNTITLED = "Untitled";

  /** Absent description, tags and visibility default to empty, none and public. */
  public VideoDraft {
    title = title(title);
    description = description == null ? "" : description(description);
    tags = tags == null ? List.of() : tags(tags);
    visibility = visibility == null ? Visibility.PUBLIC : visibility;
  }

  /**
   * A draft from tus {@code Upload-Metadata} (values already decoded). Keys: filename, title,
   * description, tags (comma-separated), visibility; others are ignored, as are empty values.
   */
  public static VideoDraft fromUploadMetadata(Map<String, String> metadata) {
    String title = present(metadata, "title");
    String tags = present(metadata, "tags");
    String visibility = present(metadata, "visibility");
    return new VideoDraft(
        title != null ? title : titleFromFilename(present(metadata, "filename")),
        present(metadata, "description"),
        tags == null ? null : Arrays.stream(tags.split(",")).filter(t -> !t.isBlank()).toList(),
        visibility == null ? null : Visibility.fromId(visibility.trim()));
  }

  static String title(String raw) {
    if (raw == null) {
      throw ApiException.badRequest("title is required");
    }
    return checked("title", raw.strip(), 1, MAX_TITLE, false);
  }

  static String description(String raw) {
    return checked("description", raw, 0, MAX_DESCRIPTION, true);
  }

  /** Trimmed, lower-cased and de-duplicated, first occurrence kept. */
  static List<String> tags(List<String> raw) {
    Set<String> tags = new LinkedHashSet<>();
    for (String t : raw) {
      tags.add(tag(t));
    }
    if (tags.size() > MAX_TAGS) {
      throw ApiException.badRequest("tags: at most " + MAX_TAGS + " allowed");
    }
    return new ArrayList<>(tags);
  }

  /** One tag as stored; also how a {@code tag=} filter is normalised. */
  static String tag(String raw) {
    if (raw == null) {
      throw ApiException.badRequest("tags must be strings");
    }
    return checked("each tag", raw.strip().toLowerCase(Locale.ROOT), 1, MAX_TAG, false);
  }

  /**
   * Length counts characters (code points), not UTF-16 units. Control characters have no place in
   * text shown in lists (and PostgreSQL refuses NUL); multi-line text may keep its line breaks and tabs.
   */
  private static String checked(String field, String text, int min, int max, boolean multiline) {
    int length = text.codePointCount(0, text.length());
    if (length < min || length > max) {
      throw ApiException.badRequest(field + " must be " + (min == 0 ? "at most " + max : min + "-" + max)
          + " characters");
    }
    boolean control = text.codePoints().anyMatch(c -> Character.isISOControl(c)
        && !(multiline && (c == '\n' || c == '\r' || c == '\t')));
    if (control) {
      throw ApiException.badRequest(field + " must not contain control characters");
    }
    return text;
  }

  private static String present(Map<String, String> metadata, String key) {
    String value = metadata.get(key);
    return value == null || value.isBlank() ? null : value;
  }

  /** "holiday.mp4" gives "holiday"; a name that leaves nothing usable gives "Untitled". */
  private static String titleFromFilename(String filename) {
    if (filename == null) {
      return UNTITLED;
    }
    String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
    int dot = name.lastIndexOf('.');
    StringBuilder title = new StringBuilder();
    (dot > 0 ? name.substring(0, dot) : name).strip().codePoints()
        .filter(c -> !Character.isISOControl(c))
        .limit(MAX_TITLE)
        .forEach(title::appendCodePoint);
    String result = title.toString().strip();
    return result.isEmpty() ? UNTITLED : result;
  }
}
