package io.reelay.room;

import java.util.HashMap;
import java.util.Map;

/**
 * A room's stored state (see {@link RoomHistory}): epoch, last offset, likes total, slow mode and mutes
 * (user id → muted until, epoch ms).
 */
record RoomRecord(String epoch, long lastOffset, long likes, int slowModeSeconds, Map<Long, Long> mutedUntil) {

  static final String SLOW_MODE = "slowmode";
  static final String MUTE_PREFIX = "mute:";

  static RoomRecord of(Map<String, String> fields) {
    Map<Long, Long> mutes = new HashMap<>();
    fields.forEach((name, value) -> {
      if (name.startsWith(MUTE_PREFIX)) {
        mutes.put(Long.parseLong(name.substring(MUTE_PREFIX.length())), Long.parseLong(value));
      }
    });
    return new RoomRecord(fields.get("epoch"), Long.parseLong(fields.getOrDefault("last", "0")),
        Long.parseLong(fields.getOrDefault("likes", "0")),
        Integer.parseInt(fields.getOrDefault(SLOW_MODE, "0")), mutes);
  }

  static String muteField(long userId) {
    return MUTE_PREFIX + userId;
  }
}
