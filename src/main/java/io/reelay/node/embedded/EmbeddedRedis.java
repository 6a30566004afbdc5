package io.reelay.node.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server (the binary bundled in codemonstur embedded-redis) working in
 * {@code <dataDir>/redis} with an fsync-everysec append-only file.
 *
 * <p>Only the library's binary extraction is used: its process wrapper writes config to /tmp, stops
 * reading stdout after startup and hides the pid, which we need for orphan recovery.
 */
final class EmbeddedRedis implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Process process;
  private final Path pidFile;
  private final int port;

  private EmbeddedRedis(Process process, Path pidFile, int port) {
    this.process = process;
    this.pidFile = pidFile;
    this.port = port;
  }

  static EmbeddedRedis start(Path dataDir) throws IOException, InterruptedException {
    Path dir = dataDir.resolve("redis").toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Path config = dir.resolve("redis.conf");
    Path pidFile = dir.resolve("reelay-redis.pid");
    // The config path is in redis' process title, so it identifies our orphan and nothing else.
    StaleProcess.stopIfRunning(pidFile, "redis-server", config.toString(), STOP_GRACE);

    int port = FreePort.pick();
    Files.writeString(config, RedisSettings.config(dir, port));
    File binary = ExecutableProvider.newJarResourceProvider(BinDir.of(dataDir, "redis").toFile()).get();
    Process process = new ProcessBuilder(binary.getAbsolutePath(), config.toString())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        // A file, not a pipe: the server must not block on (or die with) a JVM that stopped reading.
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
        .start();
    Files.writeString(pidFile, Long.toString(process.pid()));
    EmbeddedRedis redis = new EmbeddedRedis(process, pidFile, port);
    try {
      redis.awaitReady(dir.resolve("redis.log"));
    } catch (IOException | InterruptedException | RuntimeException e) {
      redis.close();
      throw e;
    }
    return redis;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** PING until +PONG: the port opens before the AOF is loaded, and redis answers -LOADING then. */
  private void awaitReady(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with code " + process.exitValue() + ": " + tail(log));
      }
      if (ping(port)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IOException("redis-server not ready after " + STARTUP_TIMEOUT + ": " + tail(log));
  }

  static boolean ping(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] reply = new byte[7];
      InputStream in = socket.getInputStream();
      int n = in.readNBytes(reply, 0, reply.length);
      return new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log);
      return text.substring(Math.max(0, text.length() - 2000)).trim();
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM makes redis fsync the AOF and exit cleanly. Idempotent. */
  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      StaleProcess.terminate(process.toHandle(), STOP_GRACE);
    }
    Files.deleteIfExists(pidFile);
  }
}
