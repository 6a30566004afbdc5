package io.reelay.node.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers from a previous JVM that was killed without stopping its child server: the server
 * process outlives the JVM and keeps the data directory (and its pid file) busy.
 */
final class StaleProcess {

  private static final Logger LOG = LoggerFactory.getLogger(StaleProcess.class);

  private StaleProcess() {
  }

  /**
   * Reads the pid on the first line of {@code pidFile} and decides what it is:
   * <ul>
   *   <li>gone (or a zombie): the pid file is stale; deleted.
   *   <li>alive but not a {@code kind} process: the pid was recycled; the pid file is deleted, as it
   *       would otherwise make postgres believe another postmaster is running.
   *   <li>a {@code kind} process whose command line mentions {@code marker} (a path in our data
   *       dir): our orphan. It is sent SIGTERM, then SIGKILL after {@code grace}.
   *   <li>a {@code kind} process without the marker: ambiguous (the same dir under another path?),
   *       so we refuse rather than risk two servers on one data dir.
   * </ul>
   *
   * @return true if an orphan was found and stopped
   */
  static boolean stopIfRunning(Path pidFile, String kind, String marker, Duration grace) throws IOException {
    Optional<ProcessHandle> handle = readPid(pidFile).flatMap(ProcessHandle::of);
    if (handle.isEmpty() || isGone(handle.get())) {
      Files.deleteIfExists(pidFile);
      return false;
    }
    ProcessHandle process = handle.get();
    String[] argv = argvOf(process);
    String command = String.join(" ", argv);
    if (!argv[0].contains(kind)) {
      LOG.info("pid {} in {} now belongs to another program; removing the stale pid file", process.pid(), pidFile);
      Files.deleteIfExists(pidFile);
      return false;
    }
    if (!command.contains(marker)) {
      throw new IOException(pidFile + " names pid " + process.pid() + ", a running " + kind + " that does not look like"
          + " ours (" + command.trim() + "); stop it or delete the pid file");
    }
    LOG.warn("stopping orphaned {} pid {} left over from a previous run", kind, process.pid());
    terminate(process, grace);
    Files.deleteIfExists(pidFile);
    return true;
  }

  /** SIGTERM, wait, then SIGKILL; also waits for the children so shared resources are released. */
  static void terminate(ProcessHandle process, Duration grace) {
    // Collected before the parent dies, as they are re-parented afterwards.
    List<ProcessHandle> children = process.descendants().collect(Collectors.toList());
    process.destroy();
    if (!awaitExit(process, grace)) {
      LOG.warn("pid {} ignored SIGTERM for {}; killing it", process.pid(), grace);
      process.destroyForcibly();
      awaitExit(process, Duration.ofSeconds(5));
    }
    // Postgres backends exit by themselves once the postmaster is gone.
    children.forEach(child -> {
      if (!awaitExit(child, Duration.ofSeconds(5))) {
        child.destroyForcibly();
      }
    });
  }

  /** Polls rather than using onExit(), which for non-child processes backs off to ~1 s steps. */
  private static boolean awaitExit(ProcessHandle process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isGone(process)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !process.isAlive();
      }
    }
    return true;
  }

  private static boolean isGone(ProcessHandle process) {
    return !process.isAlive() || isZombie(process.pid());
  }

  /**
   * An orphan that exited stays a zombie until init reaps it, and Java reports it alive until then;
   * some inits reap lazily (about 1 s here), and a JVM running as pid 1 never does.
   */
  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int end = stat.lastIndexOf(')');
      return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Long> readPid(Path pidFile) throws IOException {
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try (var lines = Files.lines(pidFile)) {
      return lines.findFirst().map(String::trim).filter(s -> s.matches("\\d+")).map(Long::parseLong);
    }
  }

  /**
   * Raw /proc cmdline where available: redis rewrites its argv into a single string (its process
   * title), which ProcessHandle.Info then drops, losing the config path we match on.
   */
  private static String[] argvOf(ProcessHandle process) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).split("\0");
    } catch (IOException e) {
      ProcessHandle.Info info = process.info();
      return (info.command().orElse("") + "\0" + String.join("\0", info.arguments().orElse(new String[0]))).split("\0");
    }
  }
}
