package io.reelay.recommend.tracking;

import java.util.HashMap;
import java.util.Map;

/**
 * The event types of topic {@code reelay.events}, by wire name. Clients may send only the client types; the
 * server types are produced by the capabilities ({@code ServerEvents}). An item type needs a video or a stream.
 */
enum EventType {
  IMPRESSION("impression", true, true),
  PLAY("play", true, true),
  HEARTBEAT("heartbeat", true, true),
  COMPLETE("complete", true, true),
  SKIP("skip", true, true),
  LIKE("like", true, true),
  DISLIKE("dislike", true, true),
  SHARE("share", true, true),
  SEARCH("search", true, false),
  FOLLOW("follow", true, false),
  UPLOAD("upload", false, true),
  DANMAKU("danmaku", false, true),
  GIFT("gift", false, true),
  LIVE_STARTED("live_started", false, true),
  LIVE_ENDED("live_ended", false, true);

  private static final Map<String, EventType> BY_NAME = new HashMap<>();

  static {
    for (EventType type : values()) {
      BY_NAME.put(type.wireName, type);
    }
  }

  final String wireName;
  final boolean client;
  final boolean item;

  EventType(String wireName, boolean client, boolean item) {
    this.wireName = wireName;
    this.client = client;
    this.item = item;
  }

  /** The type called {@code name}, or null. */
  static EventType named(String name) {
    return BY_NAME.get(name);
  }
}
