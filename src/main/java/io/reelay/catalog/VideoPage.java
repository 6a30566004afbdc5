package io.reelay.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** One page of a listing, with the number of videos across all pages. */
public record VideoPage(List<Video> items, int page, int size, long total) {

  public JsonObject toJson(VodRoots roots) {
    JsonArray json = new JsonArray();
    items.forEach(v -> json.add(v.toJson(roots.rootOf(v))));
    return new JsonObject().put("items", json).put("page", page).put("size", size).put("total", total);
  }
}
