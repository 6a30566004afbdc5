package io.reelay.live;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Viewers of one live stream, counted from playlist fetches: a player reloads its playlist every part or
 * segment, so a viewer is a distinct client (address and user agent) that fetched it within {@link #WINDOW_MS}.
 * Fed from every HTTP event loop.
 */
final class ViewerTally {

  static final long WINDOW_MS = 10_000;

  private final ConcurrentHashMap<String, Long> lastSeen = new ConcurrentHashMap<>();

  void seen(String client, long nowMs) {
    lastSeen.put(client, nowMs);
  }

  /** Viewers now; forgets the ones gone quiet. */
  int count(long nowMs) {
    lastSeen.values().removeIf(seen -> nowMs - seen > WINDOW_MS);
    return lastSeen.size();
  }
}
