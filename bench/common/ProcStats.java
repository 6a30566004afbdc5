import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU and memory readings from Linux's /proc, shared by the load generators (bench/common.sh compiles it with
 * them): processes, their threads, the whole machine and its TCP buffers.
 */
public final class ProcStats {

  private ProcStats() {}

  public static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  public static long processTicks(long pid) {
    long[] t = userSystemTicks(pid);
    return t[0] + t[1];
  }

  /** {user, system} ticks (fields 14 and 15 of /proc/PID/stat); system includes loopback TCP work. */
  public static long[] userSystemTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return new long[2];
    }
  }

  /** The embedded services (Redis, PostgreSQL) are child processes of the node: their CPU is the node's work too. */
  public static long descendantTicks(long pid) {
    return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
        .mapToLong(p -> processTicks(p.pid())).sum();
  }

  /**
   * Per thread of a process (by thread id): {ns on a CPU, ns runnable but waiting for a CPU}, from
   * /proc/PID/task/TID/schedstat. The wait shows whether a thread was starved of CPU rather than busy.
   */
  public static Map<String, long[]> threadTimes(long pid) {
    Map<String, long[]> times = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      tasks.forEach(task -> {
        try {
          String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
          times.put(task.getFileName().toString(), new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      });
    } catch (IOException e) {
      // no such process
    }
    return times;
  }

  /** Runqueue wait of all the process's threads between two readings, in % of one core. */
  public static double waitPct(Map<String, long[]> before, Map<String, long[]> after, double seconds) {
    long ns = 0;
    for (var e : after.entrySet()) {
      ns += e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1];
    }
    return 100 * ns / (seconds * 1e9);
  }

  /** The busiest threads between two readings, as "name=cpu%/wait%" (100% = one core). */
  public static String busiest(long pid, Map<String, long[]> before, Map<String, long[]> after, double seconds, int top) {
    Map<String, String> names = javaThreadNames(pid);
    return after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), new long[] {e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0],
            e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1]}))
        .filter(e -> e.getValue()[0] > 0)
        .sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
        .limit(top)
        .map(e -> names.getOrDefault(e.getKey(), e.getKey()).replace(' ', '_') + "="
            + Math.round(100 * e.getValue()[0] / (seconds * 1e9)) + "%/"
            + Math.round(100 * e.getValue()[1] / (seconds * 1e9)) + "%")
        .reduce((x, y) -> x + "," + y).orElse("none");
  }

  /** Thread ids to full Java thread names (the kernel keeps only 15 characters), from a thread dump. */
  public static Map<String, String> javaThreadNames(long pid) {
    Map<String, String> names = new HashMap<>();
    try {
      Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
      var thread = Pattern.compile("^\"([^\"]+)\".* nid=0x([0-9a-f]+)");
      for (String line : new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        var m = thread.matcher(line);
        if (m.find()) {
          names.put(Long.toString(Long.parseLong(m.group(2), 16)), m.group(1));
        }
      }
      jcmd.waitFor();
    } catch (IOException | InterruptedException | RuntimeException e) {
      // keep the kernel's names
    }
    return names;
  }

  /** Memory of all TCP sockets of the machine in MB (kernel buffers), from /proc/net/sockstat. */
  public static long tcpMemoryMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
        if (line.startsWith("TCP:")) {
          String[] f = line.split("\\s+");
          for (int i = 1; i + 1 < f.length; i++) {
            if (f[i].equals("mem")) {
              return Long.parseLong(f[i + 1]) * 4096 / (1 << 20);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  /** {busy, total} ticks over all cores; iowait counts as idle. */
  public static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException e) {
      return new long[] {0, 0};
    }
  }
}
