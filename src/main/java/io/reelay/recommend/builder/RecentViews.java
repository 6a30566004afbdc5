package io.reelay.recommend.builder;

import io.reelay.recommend.model.RecentEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent histories (as stored, decoded once: newest first, at most the co-watch window) of the viewers a
 * consumer saw lately, so most batches need no read before their writes. Valid because a viewer's events all go to one
 * partition and a partition has one consumer: nobody else writes the history while this consumer owns it. Kept
 * for the {@value #CAPACITY} viewers used last, and dropped with a partition that leaves the consumer. Owned by one
 * consumer.
 */
final class RecentViews {

  /** ~1 KB per viewer (20 entries): tens of MB at most. */
  static final int CAPACITY = 20_000;

  private record Entry(int partition, List<RecentEntry> recent) {}

  private final Map<String, Entry> bySubject = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > CAPACITY;
    }
  };

  /** The subject's history, or null when not known here (then it is read from Redis). */
  List<RecentEntry> get(String subject) {
    Entry e = bySubject.get(subject);
    return e == null ? null : e.recent();
  }

  void put(String subject, int partition, List<RecentEntry> recent) {
    bySubject.put(subject, new Entry(partition, List.copyOf(recent)));
  }

  /** The partition went to another consumer (or its watermark moved under us): its viewers' histories are stale. */
  void forget(int partition) {
    bySubject.values().removeIf(e -> e.partition() == partition);
  }
}
