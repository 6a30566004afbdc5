package io.reelay.recommend.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What ranking needs to know of an item (diversity, reasons), kept in the item's hash. */
public record ItemMeta(String creator, List<String> tags) {

  public static final ItemMeta UNKNOWN = new ItemMeta(null, List.of());

  static Map<String, String> fields(String creator, List<String> tags) {
    Map<String, String> fields = new HashMap<>();
    fields.put("tags", String.join(",", tags));
    if (creator != null) {
      fields.put("creator", creator);
    }
    return fields;
  }

  static ItemMeta from(Map<String, String> hash) {
    String tags = hash.getOrDefault("tags", "");
    return new ItemMeta(hash.get("creator"),
        tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")));
  }
}
