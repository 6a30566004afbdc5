import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording for bench/rooms/run.sh: where the CPU samples are (by thread, by top frame, by
 * the first Reelay frame on the stack), native-method samples (socket writes and reads through JNI are not
 * in the execution samples), GC pauses and the most allocated classes.
 *
 * <p>Usage: {@code java bench/rooms/JfrTop.java recording.jfr [lines [fromEpochMs toEpochMs]]}: with a time
 * range, only the events of that window (a recording started with the JVM covers its whole life; one started
 * mid-run makes the JIT recompile what it instruments, which would distort the window).
 */
public final class JfrTop {

  public static void main(String[] args) throws IOException {
    int lines = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    long from = args.length > 3 ? Long.parseLong(args[2]) : Long.MIN_VALUE;
    long to = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
    List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0])).stream()
        .filter(e -> e.getStartTime().toEpochMilli() >= from && e.getStartTime().toEpochMilli() <= to)
        .toList();
    List<RecordedEvent> cpu = ofType(events, "jdk.ExecutionSample");
    System.out.printf("%s: %d execution samples, %d native-method samples%n", args[0], cpu.size(),
        ofType(events, "jdk.NativeMethodSample").size());
    print("execution samples by thread", count(cpu, e -> e.getThread("sampledThread").getJavaName()), cpu.size(),
        lines);
    print("execution samples by top frame", count(cpu, e -> frame(e.getStackTrace(), 0)), cpu.size(), lines);
    print("execution samples by first io.reelay frame", count(cpu, JfrTop::firstReelayFrame), cpu.size(), lines);
    print("execution samples by top frame outside the JDK and Netty internals",
        count(cpu, JfrTop::firstApplicationFrame), cpu.size(), lines);
    List<RecordedEvent> nat = ofType(events, "jdk.NativeMethodSample");
    print("native-method samples by frame below the native method", count(nat, e -> frame(e.getStackTrace(), 1)),
        nat.size(), lines);
    gc(events);
    List<RecordedEvent> alloc = ofType(events, "jdk.ObjectAllocationSample");
    Map<String, Long> bytes = new HashMap<>();
    alloc.forEach(e -> bytes.merge(e.getClass("objectClass").getName(), e.getLong("weight"), Long::sum));
    print("allocation (sampled weight, MB) by class", scale(bytes, 1 << 20),
        bytes.values().stream().mapToLong(Long::longValue).sum() >> 20, lines);
  }

  private static List<RecordedEvent> ofType(List<RecordedEvent> events, String type) {
    return events.stream().filter(e -> e.getEventType().getName().equals(type)).toList();
  }

  private static Map<String, Long> count(List<RecordedEvent> events, Function<RecordedEvent, String> key) {
    Map<String, Long> counts = new HashMap<>();
    events.forEach(e -> counts.merge(key.apply(e), 1L, Long::sum));
    return counts;
  }

  private static Map<String, Long> scale(Map<String, Long> values, long unit) {
    Map<String, Long> out = new HashMap<>();
    values.forEach((k, v) -> out.put(k, v / unit));
    return out;
  }

  private static void print(String title, Map<String, Long> counts, long total, int lines) {
    System.out.printf("%n-- %s (total %d)%n", title, total);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(lines)
        .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f%% %8d  %s%n", 100.0 * e.getValue() / Math.max(1, total),
            e.getValue(), e.getKey()));
  }

  private static String frame(RecordedStackTrace stack, int depth) {
    if (stack == null || stack.getFrames().size() <= depth) {
      return "(no stack)";
    }
    return name(stack.getFrames().get(depth));
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String firstReelayFrame(RecordedEvent e) {
    return firstMatching(e, n -> n.startsWith("io.reelay."));
  }

  /** Skips java.*, jdk.*, sun.* and io.netty.* frames: the caller in Vert.x or Reelay that paid for them. */
  private static String firstApplicationFrame(RecordedEvent e) {
    return firstMatching(e, n -> !(n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun.")
        || n.startsWith("io.netty.")));
  }

  private static String firstMatching(RecordedEvent e, Predicate<String> wanted) {
    RecordedStackTrace stack = e.getStackTrace();
    if (stack != null) {
      for (RecordedFrame f : stack.getFrames()) {
        String n = name(f);
        if (wanted.test(n)) {
          return n;
        }
      }
    }
    return "(none)";
  }

  private static void gc(List<RecordedEvent> events) {
    List<RecordedEvent> gcs = ofType(events, "jdk.GarbageCollection");
    long pauses = gcs.stream().mapToLong(e -> e.getDuration("sumOfPauses").toNanos()).sum();
    long longest = gcs.stream().mapToLong(e -> e.getDuration("longestPause").toNanos()).max().orElse(0);
    Map<String, Long> byName = count(gcs, e -> e.getString("name"));
    System.out.printf(Locale.ROOT, "%n-- GC: %d collections %s, pauses %.0f ms in total, longest %.1f ms%n",
        gcs.size(), byName, pauses / 1e6, longest / 1e6);
  }
}
