package io.reelay.recommend.builder;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * The events one partition applied within the dedup window, as 64-bit hashes of subject and event id, in time
 * buckets (a tenth of the window each) so old ones leave a bucket at a time. Redeliveries of a partition's records
 * are recognised by offset ({@link BatchApplier}); this window is for the same event sent again as a new record:
 * a client resending a batch after a 503. A subject's events all go to one partition, so one partition's window
 * sees every copy. Persisted per bucket (the hashes appended to one Redis string) and loaded by a partition's next
 * owner. Owned by one consumer.
 */
final class EventIdWindow {

  static final int BUCKETS = 10;

  private final long bucketMillis;
  private final TreeMap<Long, LongHashSet> buckets = new TreeMap<>();

  EventIdWindow(long windowMillis) {
    this.bucketMillis = Math.max(1, windowMillis / BUCKETS);
  }

  /** The bucket a time falls in: the Redis key of the hashes added then. */
  long bucket(long now) {
    return now / bucketMillis;
  }

  /** The buckets still inside the window at {@code now}, oldest first. */
  long firstLiveBucket(long now) {
    return bucket(now) - BUCKETS;
  }

  long bucketMillis() {
    return bucketMillis;
  }

  boolean contains(long hash, long now) {
    expire(now);
    for (LongHashSet s : buckets.values()) {
      if (s.contains(hash)) {
        return true;
      }
    }
    return false;
  }

  void add(long hash, long now) {
    buckets.computeIfAbsent(bucket(now), b -> new LongHashSet()).add(hash);
  }

  /** Hashes persisted for a bucket: 8 bytes each, big-endian, as {@link #encode} wrote them. */
  void load(long bucket, byte[] blob) {
    LongHashSet set = buckets.computeIfAbsent(bucket, b -> new LongHashSet());
    ByteBuffer in = ByteBuffer.wrap(blob);
    while (in.remaining() >= Long.BYTES) {
      set.add(in.getLong());
    }
  }

  private void expire(long now) {
    long first = firstLiveBucket(now);
    for (Iterator<Long> it = buckets.keySet().iterator(); it.hasNext() && it.next() < first; ) {
      it.remove();
    }
  }

  static byte[] encode(long[] hashes, int n) {
    ByteBuffer out = ByteBuffer.allocate(n * Long.BYTES);
    for (int i = 0; i < n; i++) {
      out.putLong(hashes[i]);
    }
    return out.array();
  }

  /** 64-bit FNV-1a of subject and event id (a separator between), finished with a mix so the bits spread. */
  static long hash(String subject, String eventId) {
    long h = 0xcbf29ce484222325L;
    h = fnv(h, subject);
    h = (h ^ '\n') * 0x100000001b3L;
    h = fnv(h, eventId);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  private static long fnv(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }
}
