package io.reelay.recommend.builder;

/**
 * A set of longs without boxing (open addressing, linear probing, at most half full): the event-id window holds
 * millions of hashes, 16 bytes each here against ~50 in a {@code HashSet<Long>}. Not thread-safe.
 */
final class LongHashSet {

  private long[] slots = new long[16];
  private int size;
  /** 0 marks an empty slot, so the value 0 itself is kept aside. */
  private boolean hasZero;

  /** @return whether the value was new */
  boolean add(long value) {
    if (value == 0) {
      boolean added = !hasZero;
      hasZero = true;
      size += added ? 1 : 0;
      return added;
    }
    if ((size + 1) * 2 > slots.length) {
      grow();
    }
    int mask = slots.length - 1;
    for (int i = slot(value, mask); ; i = (i + 1) & mask) {
      if (slots[i] == 0) {
        slots[i] = value;
        size++;
        return true;
      }
      if (slots[i] == value) {
        return false;
      }
    }
  }

  boolean contains(long value) {
    if (value == 0) {
      return hasZero;
    }
    int mask = slots.length - 1;
    for (int i = slot(value, mask); slots[i] != 0; i = (i + 1) & mask) {
      if (slots[i] == value) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long v : old) {
      if (v != 0) {
        int i = slot(v, mask);
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = v;
      }
    }
  }

  private static int slot(long value, int mask) {
    long h = value * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
