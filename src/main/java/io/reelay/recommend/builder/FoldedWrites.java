package io.reelay.recommend.builder;

import io.reelay.recommend.model.Write;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of many events folded into fewer commands, grouped by key: increments of one member of one sorted
 * set are summed, repeated set adds and hash fields sent once, list pushes and trims kept in order. Writes of
 * different keys commute (every write names one key), so the groups may go out on different connections in
 * any order; the writes of one key stay together, in order. For the profile builder's poll, where one viewer's
 * heartbeats and completion credit the same tags, trending entries and co-watch pairs again and again.
 */
final class FoldedWrites {

  /** One key's writes, in order: increments summed per member in first-seen order, then the rest. */
  private static final class Group {
    final Map<String, Sum> increments = new LinkedHashMap<>();
    final List<Write> ordered = new ArrayList<>(0);
  }

  /** A member's increments so far, added in place: no boxed Double per increment. */
  private static final class Sum {
    double value;
  }

  private final Map<String, Group> groups = new LinkedHashMap<>();
  private int added;
  private String lastKey;
  private Group lastGroup;

  void add(List<Write> writes) {
    for (Write w : writes) {
      added++;
      // Java 17: no pattern switch yet.
      if (w instanceof Write.ZIncrBy z) {
        group(z.key()).increments.computeIfAbsent(z.member(), m -> new Sum()).value += z.delta();
      } else if (w instanceof Write.ZTrim t) {
        group(t.key()).ordered.add(t);
      } else if (w instanceof Write.LPushTrim l) {
        group(l.key()).ordered.add(l);
      } else if (w instanceof Write.SAdd s) {
        Group g = group(s.key());
        if (!g.ordered.contains(s)) {
          g.ordered.add(s);
        }
      } else if (w instanceof Write.HSet h) {
        Group g = group(h.key());
        g.ordered.removeIf(o -> o instanceof Write.HSet);
        g.ordered.add(h);
      }
    }
  }

  private Group group(String key) {
    if (key != lastKey) { // the same String again: an event's writes to one key come one after another
      lastKey = key;
      lastGroup = groups.computeIfAbsent(key, k -> new Group());
    }
    return lastGroup;
  }

  /** Writes added so far, before folding. */
  int added() {
    return added;
  }

  /**
   * The folded writes in chunks of about {@code max} Redis commands (an LPUSH + LTRIM pair counts two), one key's
   * writes never split, so a chunk is longer when a key alone has more.
   */
  List<List<Write>> chunks(int max) {
    List<List<Write>> out = new ArrayList<>();
    List<Write> current = new ArrayList<>();
    int commands = 0;
    for (Map.Entry<String, Group> e : groups.entrySet()) {
      List<Write> writes = writes(e.getKey(), e.getValue());
      int n = commands(writes);
      if (!current.isEmpty() && commands + n > max) {
        out.add(current);
        current = new ArrayList<>();
        commands = 0;
      }
      current.addAll(writes);
      commands += n;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  private static int commands(List<Write> writes) {
    int n = writes.size();
    for (Write w : writes) {
      if (w instanceof Write.LPushTrim) {
        n++;
      }
    }
    return n;
  }

  /** The folded writes per key, in order (for tests). */
  Map<String, List<Write>> byKey() {
    Map<String, List<Write>> out = new HashMap<>();
    groups.forEach((key, g) -> out.put(key, writes(key, g)));
    return out;
  }

  private static List<Write> writes(String key, Group g) {
    List<Write> writes = new ArrayList<>(g.increments.size() + g.ordered.size());
    g.increments.forEach((member, sum) -> writes.add(new Write.ZIncrBy(key, member, sum.value)));
    writes.addAll(g.ordered);
    return writes;
  }
}
