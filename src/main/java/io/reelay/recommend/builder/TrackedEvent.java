package io.reelay.recommend.builder;

import io.reelay.recommend.ItemIds;
import io.reelay.recommend.model.EventKind;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * One record of {@code reelay.events} as the profile builder needs it (the event contract is in
 * docs/recommendations.md): the dedup id, who, what, when. {@link #parse} refuses what it cannot use.
 *
 * @param item    the video id, or {@link ItemIds#stream} of the stream id
 * @param seconds watched seconds (heartbeat) or seconds before leaving (skip), else 0
 */
record TrackedEvent(String eventId, EventKind kind, String subject, String item, boolean stream, long serverTime,
    double seconds) {

  /** Longest event id or subject id (after its "u:" or "d:"). */
  private static final int MAX_ID = 64;

  /** A record that cannot be used; the message says why (for the log and the counter's reason). */
  static final class Unusable extends Exception {
    Unusable(String message) {
      super(message, null, false, false);
    }
  }

  /** The event, or null when it is valid but of a kind that does not move a profile (search, follow…). */
  static TrackedEvent parse(String value) throws Unusable {
    JsonObject json;
    try {
      json = value == null ? null : new JsonObject(value);
    } catch (RuntimeException e) {
      throw new Unusable("not a JSON object");
    }
    if (json == null) {
      throw new Unusable("empty value");
    }
    String eventId = string(json, "eventId");
    if (eventId == null || !id(eventId, 0)) {
      throw new Unusable("bad eventId");
    }
    String subject = string(json, "subject");
    if (subject == null || !subject(subject)) {
      throw new Unusable("bad subject");
    }
    String type = string(json, "type");
    if (type == null) {
      throw new Unusable("no type");
    }
    EventKind kind = kind(type.toLowerCase(Locale.ROOT));
    if (kind == EventKind.OTHER) {
      return null;
    }
    String videoId = string(json, "videoId");
    String streamId = string(json, "streamId");
    if ((videoId == null) == (streamId == null)) {
      throw new Unusable("needs one of videoId or streamId");
    }
    long serverTime = number(json, "serverTime", -1);
    if (serverTime <= 0) {
      throw new Unusable("no serverTime");
    }
    double seconds = switch (kind) {
      case HEARTBEAT -> seconds(json, "watchedSeconds");
      case SKIP -> seconds(json, "afterSeconds");
      default -> 0;
    };
    boolean stream = streamId != null;
    return new TrackedEvent(eventId, kind, subject, stream ? ItemIds.stream(streamId) : videoId, stream,
        serverTime, seconds);
  }

  /**
   * The contract's types; a {@code gift} counts as a like of the stream or video (money is strong evidence),
   * {@code danmaku} and the rest are left to analytics (chat volume would swamp watch time).
   */
  static EventKind kind(String type) {
    return switch (type) {
      case "impression" -> EventKind.IMPRESSION;
      case "play" -> EventKind.PLAY;
      case "heartbeat" -> EventKind.HEARTBEAT;
      case "complete" -> EventKind.COMPLETE;
      case "skip" -> EventKind.SKIP;
      case "like", "gift" -> EventKind.LIKE;
      case "dislike" -> EventKind.DISLIKE;
      case "share" -> EventKind.SHARE;
      default -> EventKind.OTHER;
    };
  }

  /** The id without its kind prefix, as the catalog or the live capability knows it. */
  String rawId() {
    return stream ? ItemIds.streamId(item) : item;
  }

  /** {@code [ud]:} and an id: a user or a device. */
  private static boolean subject(String s) {
    return s.length() > 2 && (s.charAt(0) == 'u' || s.charAt(0) == 'd') && s.charAt(1) == ':' && id(s, 2);
  }

  /**
   * Whether {@code s} from {@code from} on is 1 to {@value #MAX_ID} of {@code [A-Za-z0-9_.:-]}: a loop, as a regex
   * per event showed in the builder's profile.
   */
  private static boolean id(String s, int from) {
    int n = s.length() - from;
    if (n < 1 || n > MAX_ID) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String string(JsonObject json, String key) {
    Object v = json.getValue(key);
    return v instanceof String s && !s.isEmpty() && s.length() <= 64 ? s : null;
  }

  private static long number(JsonObject json, String key, long fallback) {
    Object v = json.getValue(key);
    return v instanceof Number n ? n.longValue() : fallback;
  }

  private static double seconds(JsonObject json, String key) {
    Object v = json.getValue(key);
    return v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0;
  }
}
