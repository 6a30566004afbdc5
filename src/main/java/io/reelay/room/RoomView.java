package io.reelay.room;

import io.vertx.core.json.JsonObject;

/**
 * A room as its owner described it to a subscribing node: where its history stands, its viewer count,
 * and who may join (a private video's room: its creator and admins).
 */
record RoomView(String epoch, long offset, long online, Long creatorId, boolean restricted) {

  static RoomView fromJson(JsonObject json) {
    return new RoomView(json.getString("epoch"), json.getLong("offset"), json.getLong("online"),
        json.getLong("creatorId"), json.getBoolean("restricted", false));
  }

  JsonObject toJson() {
    return new JsonObject().put("epoch", epoch).put("offset", offset).put("online", online)
        .put("creatorId", creatorId).put("restricted", restricted);
  }
}
