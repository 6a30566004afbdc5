package io.reelay.live;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** This node's broadcasts by stream id; read from every event loop (publishers, playback), changed by the gate. */
final class LiveChannels {

  private final ConcurrentHashMap<String, LiveChannel> byStream = new ConcurrentHashMap<>();

  LiveChannel get(String streamId) {
    return byStream.get(streamId);
  }

  /** The stream's new broadcast; an ended one it replaces is forgotten. */
  void put(LiveChannel channel) {
    byStream.put(channel.streamId(), channel);
  }

  /** Forgets {@code channel} unless a newer broadcast of its stream took its place. */
  boolean remove(LiveChannel channel) {
    return byStream.remove(channel.streamId(), channel);
  }

  Collection<LiveChannel> all() {
    return byStream.values();
  }
}
