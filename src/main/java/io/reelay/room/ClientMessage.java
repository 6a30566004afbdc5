package io.reelay.room;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated client message: its {@code type}, the client's {@code id} (may be null) and its fields,
 * normalised (defaults filled in). Anything malformed is a {@link RoomError} naming the problem.
 */
record ClientMessage(String type, String id, JsonObject fields) {

  static final int MAX_TEXT = 200;
  private static final int MAX_ID = 64;
  private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

  static ClientMessage parse(String text, boolean vodRoom) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw bad("not a JSON object");
    }
    Object idValue = json.getValue("id");
    if (idValue != null && (!(idValue instanceof String) || ((String) idValue).length() > MAX_ID)) {
      throw bad("'id' must be a string of at most " + MAX_ID + " characters");
    }
    String id = (String) idValue;
    Object type = json.getValue("type");
    if (!(type instanceof String)) {
      throw new RoomError("bad_request", "'type' is missing").withId(id);
    }
    try {
      return new ClientMessage((String) type, id, fields((String) type, json, vodRoom));
    } catch (RoomError e) {
      throw e.withId(id);
    }
  }

  private static JsonObject fields(String type, JsonObject json, boolean vodRoom) {
    return switch (type) {
      case "danmaku" -> danmaku(json, vodRoom);
      case "like", "ping" -> new JsonObject();
      case "gift" -> new JsonObject()
          .put("gift", string(json, "gift", 1, 32))
          .put("count", (int) number(json, "count", 1, 999, 1L))
          .put("key", string(json, "key", 1, MAX_ID));
      case "resume" -> new JsonObject()
          .put("offset", number(json, "offset", 0, Long.MAX_VALUE, null))
          .put("epoch", string(json, "epoch", 1, 64));
      case "auth" -> new JsonObject().put("token", string(json, "token", 1, 4096));
      case "delete" -> new JsonObject().put("action", type).put("offset", number(json, "offset", 1, Long.MAX_VALUE, null));
      case "mute" -> new JsonObject().put("action", type)
          .put("userId", number(json, "userId", 1, Long.MAX_VALUE, null))
          .put("seconds", number(json, "seconds", 1, ModerationDesk.MAX_MUTE_SECONDS, null));
      case "unmute" -> new JsonObject().put("action", type).put("userId", number(json, "userId", 1, Long.MAX_VALUE, null));
      case "slowmode" -> new JsonObject().put("action", type)
          .put("seconds", (int) number(json, "seconds", 0, ModerationDesk.MAX_SLOW_MODE_SECONDS, null));
      default -> throw new RoomError("unknown_type", "unknown message type '" + type + "'");
    };
  }

  boolean moderation() {
    return type.equals("delete") || type.equals("mute") || type.equals("unmute") || type.equals("slowmode");
  }

  private static JsonObject danmaku(JsonObject json, boolean vodRoom) {
    Object text = json.getValue("text");
    if (!(text instanceof String s) || s.isBlank()) {
      throw bad("'text' must be a non-empty string");
    }
    if (s.codePointCount(0, s.length()) > MAX_TEXT) {
      throw new RoomError("too_long", "'text' is over " + MAX_TEXT + " characters");
    }
    if (s.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
      throw bad("'text' must not contain control characters");
    }
    Object color = json.getValue("color", "#ffffff");
    if (!(color instanceof String c) || !COLOR.matcher(c).matches()) {
      throw bad("'color' must look like #rrggbb");
    }
    Object mode = json.getValue("mode", "scroll");
    if (!"scroll".equals(mode) && !"top".equals(mode) && !"bottom".equals(mode)) {
      throw bad("'mode' must be scroll, top or bottom");
    }
    JsonObject out = new JsonObject().put("text", s).put("color", ((String) color).toLowerCase(Locale.ROOT))
        .put("mode", mode);
    if (vodRoom) {
      Object time = json.getValue("videoTime");
      if (!(time instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0
          || n.doubleValue() > 1e7) {
        throw bad("'videoTime' (seconds into the video) is required in a video's room");
      }
      out.put("videoTime", n.doubleValue());
    }
    return out;
  }

  private static String string(JsonObject json, String field, int min, int max) {
    Object value = json.getValue(field);
    if (!(value instanceof String s) || s.length() < min || s.length() > max) {
      throw bad("'" + field + "' must be a string of " + min + "-" + max + " characters");
    }
    return s;
  }

  private static long number(JsonObject json, String field, long min, long max, Long fallback) {
    Object value = json.getValue(field);
    if (value == null && fallback != null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long)
        || ((Number) value).longValue() < min || ((Number) value).longValue() > max) {
      throw bad("'" + field + "' must be an integer from " + min + " to " + max);
    }
    return ((Number) value).longValue();
  }

  private static RoomError bad(String message) {
    return new RoomError("bad_request", message);
  }
}
