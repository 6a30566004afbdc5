package io.reelay.room;

import io.vertx.core.json.JsonObject;

/**
 * A refusal the client is told about in an {@code error} frame (codes in docs/rooms-protocol.md).
 * Thrown on the owner node and carried back to the sender's node in the reply.
 */
public final class RoomError extends RuntimeException {

  private final String code;
  private final JsonObject details;

  public RoomError(String code, String message) {
    this(code, message, new JsonObject());
  }

  RoomError(String code, String message, JsonObject details) {
    super(message, null, false, false);
    this.code = code;
    this.details = details;
  }

  static RoomError retryAfter(String code, String message, long retryAfterMs) {
    return new RoomError(code, message, new JsonObject().put("retryAfterMs", retryAfterMs));
  }

  /** The same refusal, answering the client message with {@code id}. */
  RoomError withId(String id) {
    return id == null ? this : new RoomError(code, getMessage(), details.copy().put("id", id));
  }

  public String code() {
    return code;
  }

  /** As carried in event-bus replies: {@code {code, message, …details}}. */
  JsonObject toJson() {
    return details.copy().put("code", code).put("message", getMessage());
  }

  static RoomError fromJson(JsonObject json) {
    JsonObject details = json.copy();
    details.remove("code");
    details.remove("message");
    return new RoomError(json.getString("code", "unavailable"), json.getString("message", ""), details);
  }

  /** The client's {@code error} frame for the request with {@code id} (may be null). */
  JsonObject toFrame(String id) {
    JsonObject frame = new JsonObject().put("type", "error");
    if (id != null) {
      frame.put("id", id);
    }
    return frame.mergeIn(details).put("code", code).put("message", getMessage());
  }
}
