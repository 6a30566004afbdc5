package io.reelay.room.gift;

import io.vertx.core.json.JsonObject;

/** One sender's gifts in a room: their total value and how many gifts (items) they sent. */
public record LeaderboardEntry(long userId, String username, long value, long gifts) {

  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("username", username).put("value", value).put("gifts", gifts);
  }
}
