package io.reelay.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as a real process, the way an operator runs it. */
public final class NodeProcess implements AutoCloseable {

  private final Process process;
  private final List<String> stdout = new ArrayList<>();
  private final List<String> stderr = new ArrayList<>();

  private NodeProcess(Process process) {
    this.process = process;
    pump(process.getInputStream(), stdout, "stdout");
    pump(process.getErrorStream(), stderr, "stderr");
  }

  public static NodeProcess start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("REELAY_"));
    builder.environment().putAll(env);
    return new NodeProcess(builder.start());
  }

  public static Path jar() {
    return Path.of(System.getProperty("reelay.jar", "target/reelay.jar"));
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void pump(java.io.InputStream in, List<String> sink, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (sink) {
            sink.add(line);
            sink.notifyAll();
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "node-" + name);
    t.setDaemon(true);
    t.start();
  }

  /** Waits for a stdout line starting with {@code prefix}; fails if the process exits first. */
  public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stdout) {
      while (true) {
        Optional<String> found = stdout.stream().filter(l -> l.startsWith(prefix)).findFirst();
        if (found.isPresent()) {
          return found.get();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive()) {
          throw new AssertionError("no line '" + prefix + "' (alive=" + process.isAlive() + ")\nstdout:\n"
              + String.join("\n", stdout) + "\nstderr:\n" + stderrText());
        }
        stdout.wait(Math.min(200, TimeUnit.NANOSECONDS.toMillis(left) + 1));
      }
    }
  }

  public Optional<String> valueAfter(String prefix) {
    synchronized (stdout) {
      return stdout.stream().map(String::trim).filter(l -> l.startsWith(prefix))
          .map(l -> l.substring(prefix.length())).findFirst();
    }
  }

  public List<String> stdoutLines() {
    synchronized (stdout) {
      return List.copyOf(stdout);
    }
  }

  public String stderrText() {
    synchronized (stderr) {
      return String.join("\n", stderr);
    }
  }

  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("node did not exit within " + timeout + "\nstderr:\n" + stderrText());
    }
    // Let the pumps drain what the process wrote last.
    Thread.sleep(100);
    return process.exitValue();
  }

  /** SIGTERM, as docker stop or systemd would send. */
  public void terminate() {
    process.destroy();
  }

  /**
   * SIGKILL ({@link Process#destroyForcibly()} on Linux), as the OOM killer or a power cut would stop it: no
   * shutdown hooks, nothing drained or closed. Children it started (embedded PostgreSQL, Redis) are left
   * running; the next node started on the same data dir stops them. Returns once the process is dead.
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("node " + process.pid() + " still alive 30 s after SIGKILL");
    }
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
