package io.reelay.node;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Times the phases of start-up (some run in parallel) for the start-up report and metrics. */
final class StartupClock {

  private final long start = System.nanoTime();
  private final Map<String, Duration> phases = Collections.synchronizedMap(new LinkedHashMap<>());

  <T> T time(String phase, Callable<T> work) throws Exception {
    long t0 = System.nanoTime();
    try {
      return work.call();
    } finally {
      phases.put(phase, Duration.ofNanos(System.nanoTime() - t0));
    }
  }

  void record(Map<String, Duration> more) {
    phases.putAll(more);
  }

  Map<String, Duration> finish() {
    phases.put("total", Duration.ofNanos(System.nanoTime() - start));
    synchronized (phases) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }
  }
}
