package io.reelay.node.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL, Redis and Kafka a node runs when no external ones are configured.
 * They start in parallel (startup costs the slowest one, not the sum) and stop in parallel.
 */
public final class EmbeddedServices implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(4);

  private final DataDirLock lock; // null if no service was requested
  private final Map<String, AutoCloseable> running = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Duration> startupTimes = Collections.synchronizedMap(new LinkedHashMap<>());
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedServices(DataDirLock lock) {
    this.lock = lock;
  }

  /**
   * Starts the requested services under {@code dataDir}. If any fails, the ones that did start are
   * stopped again and an {@link EmbeddedStartException} naming the first failing service is thrown.
   *
   * @throws IllegalStateException if another live node (in this JVM or another) uses {@code dataDir}
   */
  public static EmbeddedServices start(Path dataDir, boolean postgres, boolean redis, boolean kafka) {
    Map<String, Callable<AutoCloseable>> wanted = new LinkedHashMap<>();
    if (postgres) {
      wanted.put("postgres", () -> EmbeddedPostgres.start(dataDir));
    }
    if (redis) {
      wanted.put("redis", () -> EmbeddedRedis.start(dataDir));
    }
    if (kafka) {
      wanted.put("kafka", () -> EmbeddedKafka.start(dataDir));
    }
    // No lock when nothing is embedded: then the dir only holds media, which nodes may share.
    EmbeddedServices services = new EmbeddedServices(wanted.isEmpty() ? null : lock(dataDir));
    try {
      services.startAll(wanted);
    } catch (RuntimeException e) {
      services.close();
      throw e;
    }
    // No shutdown hook of our own: the owner (ReelayNode) stops these last, after HTTP drained and
    // the node left the cluster; a hook here would race it. A killed JVM's leftovers are cleaned
    // up by the next start (StaleProcess).
    LOG.info("embedded services started: {}", services.startupTimes);
    return services;
  }

  private static DataDirLock lock(Path dataDir) {
    try {
      return DataDirLock.acquire(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock data dir " + dataDir, e);
    }
  }

  /** Waits for every start to finish (so none is left half-started), then reports failures. */
  private void startAll(Map<String, Callable<AutoCloseable>> wanted) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, wanted.size()), daemonThreads("start"));
    try {
      Map<String, CompletableFuture<AutoCloseable>> futures = new LinkedHashMap<>();
      wanted.forEach((name, starter) -> futures.put(name, CompletableFuture.supplyAsync(() -> timed(name, starter), pool)));
      EmbeddedStartException failure = null;
      for (var entry : futures.entrySet()) {
        try {
          running.put(entry.getKey(), entry.getValue().join());
        } catch (CompletionException e) {
          EmbeddedStartException error = new EmbeddedStartException(entry.getKey(), e.getCause());
          if (failure == null) {
            failure = error;
          } else {
            failure.addSuppressed(error);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdown();
    }
  }

  private AutoCloseable timed(String name, Callable<AutoCloseable> starter) {
    long start = System.nanoTime();
    try {
      AutoCloseable service = starter.call();
      startupTimes.put(name, Duration.ofNanos(System.nanoTime() - start));
      return service;
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }

  public Optional<String> postgresUrl() {
    return Optional.ofNullable((EmbeddedPostgres) running.get("postgres")).map(EmbeddedPostgres::url);
  }

  public Optional<String> redisUrl() {
    return Optional.ofNullable((EmbeddedRedis) running.get("redis")).map(EmbeddedRedis::url);
  }

  public Optional<String> kafkaBootstrap() {
    return Optional.ofNullable((EmbeddedKafka) running.get("kafka")).map(EmbeddedKafka::bootstrap);
  }

  /** Time each service took to become ready; they overlap, so the node waited for the longest. */
  public Map<String, Duration> startupTimes() {
    synchronized (startupTimes) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(startupTimes));
    }
  }

  /** Stops whatever is running, in parallel and bounded by a timeout, then unlocks. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long start = System.nanoTime();
    ThreadFactory threads = daemonThreads("stop");
    CompletableFuture<?>[] stops;
    synchronized (running) {
      stops = running.entrySet().stream()
          .map(e -> CompletableFuture.runAsync(() -> stop(e.getKey(), e.getValue()), r -> threads.newThread(r).start()))
          .toArray(CompletableFuture[]::new);
    }
    try {
      CompletableFuture.allOf(stops).get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("embedded services did not all stop within {}", STOP_TIMEOUT, e);
    }
    LOG.info("embedded services stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    try {
      if (lock != null) {
        lock.close();
      }
    } catch (IOException e) {
      LOG.warn("could not release the data dir lock", e);
    }
  }

  private static void stop(String name, AutoCloseable service) {
    try {
      service.close();
    } catch (Exception e) {
      LOG.warn("error stopping embedded {}", name, e);
    }
  }

  private static ThreadFactory daemonThreads(String purpose) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "embedded-" + purpose + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
