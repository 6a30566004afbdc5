package io.reelay.room.gift;

import io.vertx.core.json.JsonObject;

/** A kind of gift and what one of it costs the sender (and earns the receiver). */
public record GiftType(String id, long unitValue) {

  /** What {@code count} of this type are worth. */
  public long valueOf(int count) {
    return count * unitValue;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("value", unitValue);
  }
}
