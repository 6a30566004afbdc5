package io.reelay.recommend.tracking;

import io.reelay.node.Ids;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * Checks one client event against the schema of {@code reelay.events} (docs/recommendations.md, "Tracking") and
 * enriches it: subject, server time, source. Only the fields the type defines are forwarded; anything else a
 * client sends (a {@code userId} included: the user comes from the token only) is dropped.
 */
final class EventSchema {

  static final int MAX_QUERY_CHARS = 256;
  /** A heartbeat covers at most an hour of watching; more is a broken client, not a viewer. */
  static final double MAX_WATCHED_SECONDS = 3_600;
  /** Positions and skip times: a day, far beyond any video. */
  static final double MAX_SECONDS = 86_400;
  private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private EventSchema() {}

  /** What became of one event of a batch: the event, or the reason it was refused. */
  record Checked(TrackedEvent event, String error) {}

  /** A refused event; the message is what the client reads. */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  static boolean validDeviceId(Object value) {
    return value instanceof String s && EVENT_ID.matcher(s).matches();
  }

  /**
   * @param userId       the signed-in viewer, or null
   * @param headerDevice the request's {@code X-Device-Id} (already valid), or null
   */
  static Checked check(Object raw, Long userId, String headerDevice, long serverTime) {
    try {
      return new Checked(enrich(raw, userId, headerDevice, serverTime), null);
    } catch (Refused e) {
      return new Checked(null, e.getMessage());
    }
  }

  private static TrackedEvent enrich(Object raw, Long userId, String headerDevice, long serverTime) {
    if (!(raw instanceof JsonObject in)) {
      throw new Refused("an event must be a JSON object");
    }
    String eventId = eventId(in);
    EventType type = type(in);
    String deviceId = in.containsKey("deviceId") ? deviceId(in.getValue("deviceId")) : headerDevice;
    if (userId == null && deviceId == null) {
      throw new Refused("deviceId is required when not signed in (the field or the X-Device-Id header)");
    }
    JsonObject out = new JsonObject()
        .put("eventId", eventId)
        .put("type", type.wireName)
        .put("subject", TrackedEvent.subject(userId, deviceId));
    putIfPresent(out, "userId", userId);
    putIfPresent(out, "deviceId", deviceId);
    item(in, type, out);
    switch (type) {
      case HEARTBEAT -> {
        out.put("position", seconds(in, "position", MAX_SECONDS, true));
        out.put("watchedSeconds", seconds(in, "watchedSeconds", MAX_WATCHED_SECONDS, true));
      }
      case SKIP -> {
        out.put("afterSeconds", seconds(in, "afterSeconds", MAX_SECONDS, true));
        putIfPresent(out, "position", seconds(in, "position", MAX_SECONDS, false));
      }
      case SEARCH -> out.put("query", query(in));
      case FOLLOW -> out.put("creatorId", creatorId(in));
      default -> putIfPresent(out, "position", seconds(in, "position", MAX_SECONDS, false));
    }
    putIfPresent(out, "clientTime", clientTime(in));
    out.put("serverTime", serverTime).put("source", "client");
    return new TrackedEvent(out.getString("subject"), out);
  }

  private static String eventId(JsonObject in) {
    Object value = in.getValue("eventId");
    if (!(value instanceof String s) || !EVENT_ID.matcher(s).matches()) {
      throw new Refused("eventId must be 1-64 characters of A-Z a-z 0-9 _ . : -");
    }
    return s;
  }

  private static EventType type(JsonObject in) {
    Object value = in.getValue("type");
    EventType type = value instanceof String s ? EventType.named(s) : null;
    if (type == null) {
      throw new Refused("type must be one of impression, play, heartbeat, complete, skip, like, dislike, share, "
          + "search, follow");
    }
    if (!type.client) {
      throw new Refused("type '" + type.wireName + "' is recorded by the server, not sent by clients");
    }
    return type;
  }

  private static String deviceId(Object value) {
    if (!validDeviceId(value)) {
      throw new Refused("deviceId must be 1-64 characters of A-Z a-z 0-9 _ . : -");
    }
    return (String) value;
  }

  /** An item type needs exactly one of videoId and streamId; the others may name one (e.g. follow from a video). */
  private static void item(JsonObject in, EventType type, JsonObject out) {
    boolean video = in.getValue("videoId") != null;
    boolean stream = in.getValue("streamId") != null;
    if (video && stream) {
      throw new Refused("give videoId or streamId, not both");
    }
    if (!video && !stream) {
      if (type.item) {
        throw new Refused("a " + type.wireName + " event needs a videoId or a streamId");
      }
      return;
    }
    String field = video ? "videoId" : "streamId";
    Object id = in.getValue(field);
    if (!(id instanceof String s) || !Ids.wellFormed(s)) {
      throw new Refused(field + " must be 1-64 characters of A-Z a-z 0-9 _ -");
    }
    out.put(field, s);
  }

  private static Double seconds(JsonObject in, String field, double max, boolean required) {
    Object value = in.getValue(field);
    if (value == null) {
      if (required) {
        throw new Refused(field + " is required (seconds)");
      }
      return null;
    }
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0
        || n.doubleValue() > max) {
      throw new Refused(field + " must be a number of seconds from 0 to " + (long) max);
    }
    return n.doubleValue();
  }

  private static String query(JsonObject in) {
    Object value = in.getValue("query");
    if (!(value instanceof String s) || s.isBlank() || s.length() > MAX_QUERY_CHARS) {
      throw new Refused("query must be a non-blank string of at most " + MAX_QUERY_CHARS + " characters");
    }
    return s;
  }

  private static long creatorId(JsonObject in) {
    Long id = integral(in.getValue("creatorId"));
    if (id == null || id <= 0) {
      throw new Refused("creatorId must be a positive integer (the followed user's id)");
    }
    return id;
  }

  /** Kept as sent, whatever the client's clock says: consumers order and decay by serverTime. */
  private static Long clientTime(JsonObject in) {
    Object value = in.getValue("clientTime");
    if (value == null) {
      return null;
    }
    Long ms = integral(value);
    if (ms == null || ms < 0) {
      throw new Refused("clientTime must be epoch milliseconds (a non-negative integer)");
    }
    return ms;
  }

  private static Long integral(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < 0x1p53) {
      return n.longValue();
    }
    return null;
  }

  private static void putIfPresent(JsonObject out, String field, Object value) {
    if (value != null) {
      out.put(field, value);
    }
  }
}
