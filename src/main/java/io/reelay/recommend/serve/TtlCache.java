package io.reelay.recommend.serve;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A small concurrent cache of values for a fixed time, shared by the HTTP instances. Bounded crudely: past its
 * capacity it starts afresh (cheaper than an LRU under contention; a page of misses is a few Redis reads).
 */
final class TtlCache<V> {

  private record Entry<V>(V value, long expiresAt) {}

  private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
  private final int capacity;
  private final long ttlMs;

  TtlCache(int capacity, long ttlMs) {
    this.capacity = capacity;
    this.ttlMs = ttlMs;
  }

  /** The value, or null when absent or expired. */
  V get(String key, long nowMs) {
    Entry<V> e = entries.get(key);
    return e != null && e.expiresAt() > nowMs ? e.value() : null;
  }

  void put(String key, V value, long nowMs) {
    if (entries.size() >= capacity) {
      entries.clear();
    }
    entries.put(key, new Entry<>(value, nowMs + ttlMs));
  }
}
