package io.reelay.node.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A separate JVM running {@link KilledNodeMain}, so the test can SIGKILL a whole node. */
final class ChildNode {

  private final Process process;
  private final Path output;

  private ChildNode(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  static ChildNode start(Path dataDir) throws IOException {
    Path output = dataDir.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        KilledNodeMain.class.getName(), dataDir.toString())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    return new ChildNode(process, output);
  }

  /** Returns the child's READY line. */
  String awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> ready;
      try (var lines = Files.lines(output)) {
        ready = lines.filter(l -> l.startsWith("READY ")).findFirst();
      }
      if (ready.isPresent()) {
        return ready.get();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("child node died:\n" + Files.readString(output));
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("child node not ready in " + timeout + ":\n" + Files.readString(output));
  }

  /** SIGKILL: no shutdown hooks run, exactly like an OOM-killer or kill -9. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }
}
