package io.reelay.room.gift;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The gift types that can be sent, and how many of one type a single gift may carry. */
public final class GiftCatalog {

  public static final int MIN_COUNT = 1;
  public static final int MAX_COUNT = 999;

  public static final GiftCatalog STANDARD = new GiftCatalog(List.of(
      new GiftType("heart", 1),
      new GiftType("star", 10),
      new GiftType("rocket", 100),
      new GiftType("castle", 1000)));

  private final Map<String, GiftType> byId = new LinkedHashMap<>();

  private GiftCatalog(List<GiftType> types) {
    types.forEach(type -> byId.put(type.id(), type));
  }

  public Optional<GiftType> find(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  public List<GiftType> types() {
    return List.copyOf(byId.values());
  }

  /** {@code GET /api/gifts}: the types, cheapest first, and the allowed count range. */
  public JsonObject toJson() {
    JsonArray gifts = new JsonArray();
    byId.values().forEach(type -> gifts.add(type.toJson()));
    return new JsonObject().put("gifts", gifts).put("minCount", MIN_COUNT).put("maxCount", MAX_COUNT);
  }
}
