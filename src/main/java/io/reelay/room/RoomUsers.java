package io.reelay.room;

import io.reelay.node.auth.Principal;
import io.reelay.node.auth.Role;
import io.vertx.core.json.JsonObject;

/** A sender as carried between nodes ({@code {id, name, role}}) and as shown in messages ({@code {id, name}}). */
final class RoomUsers {

  private RoomUsers() {}

  static JsonObject toJson(Principal user) {
    return new JsonObject().put("id", user.userId()).put("name", user.username()).put("role", user.role().id());
  }

  static Principal fromJson(JsonObject json) {
    return new Principal(json.getLong("id"), json.getString("name"), Role.fromId(json.getString("role")));
  }

  static JsonObject shown(Principal user) {
    return new JsonObject().put("id", user.userId()).put("name", user.username());
  }
}
