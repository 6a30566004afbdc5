package io.reelay.catalog;

import io.reelay.node.http.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fields a PATCH changes; null means "leave as is". Applied in one UPDATE rather than read,
 * merged and written back, so two concurrent edits of different fields both survive.
 */
public record VideoPatch(String title, String description, List<String> tags, Visibility visibility) {

  private static final Set<String> FIELDS = Set.of("title", "description", "tags", "visibility");

  /** Given fields are held to the same rules as a {@link VideoDraft}'s. */
  public VideoPatch {
    title = title == null ? null : VideoDraft.title(title);
    description = description == null ? null : VideoDraft.description(description);
    tags = tags == null ? null : VideoDraft.tags(tags);
  }

  public static VideoPatch fromJson(JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw ApiException.badRequest("field '" + field + "' cannot be changed; allowed: title, description, tags, visibility");
      }
    }
    if (body.isEmpty()) {
      throw ApiException.badRequest("nothing to change: give any of title, description, tags, visibility");
    }
    return new VideoPatch(
        body.containsKey("title") ? string(body, "title") : null,
        body.containsKey("description") ? string(body, "description") : null,
        body.containsKey("tags") ? strings(body, "tags") : null,
        body.containsKey("visibility") ? Visibility.fromId(string(body, "visibility")) : null);
  }

  private static String string(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof String s)) {
      throw ApiException.badRequest("field '" + field + "' must be a string");
    }
    return s;
  }

  private static List<String> strings(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof JsonArray array)) {
      throw ApiException.badRequest("field '" + field + "' must be an array of strings");
    }
    List<String> values = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw ApiException.badRequest("field '" + field + "' must be an array of strings");
      }
      values.add(s);
    }
    return values;
  }
}
