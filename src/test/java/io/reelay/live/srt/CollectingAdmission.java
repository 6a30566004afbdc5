package io.reelay.live.srt;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test admission: admits the keys it was given (one publisher per key at a time), collecting what each
 * publishes; rejects the rest as the live pipeline would. Thread-safe for the test thread to read.
 */
final class CollectingAdmission implements SrtAdmission {

  final Set<String> keys = ConcurrentHashMap.newKeySet();
  final Map<String, Sink> sinks = new ConcurrentHashMap<>();
  final List<String> asked = new CopyOnWriteArrayList<>();
  final Map<String, Runnable> disconnects = new ConcurrentHashMap<>();

  CollectingAdmission(String... keys) {
    this.keys.addAll(List.of(keys));
  }

  @Override
  public Future<SrtPayloadSink> admit(SrtStreamId id, String remote, Runnable disconnect) {
    asked.add(id.key());
    if (!keys.contains(id.key())) {
      return Future.failedFuture(new SrtRejected(SrtRejected.FORBIDDEN, "unknown stream key"));
    }
    Sink existing = sinks.get(id.key());
    if (existing != null && existing.ends.get() == 0) {
      return Future.failedFuture(new SrtRejected(SrtRejected.CONFLICT, "the stream is live"));
    }
    Sink sink = new Sink();
    sinks.put(id.key(), sink);
    disconnects.put(id.key(), disconnect);
    return Future.succeededFuture(sink);
  }

  Sink await(String key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Sink sink = sinks.get(key);
      if (sink != null) {
        return sink;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no publish of " + key);
  }

  /** Collects payloads; checks they arrive on one thread and nothing comes after end(). */
  static final class Sink implements SrtPayloadSink {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicInteger messages = new AtomicInteger();
    final AtomicInteger ends = new AtomicInteger();
    final AtomicInteger afterEnd = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);

    @Override
    public synchronized void payload(Buffer message) {
      if (ends.get() > 0) {
        afterEnd.incrementAndGet();
      }
      bytes.writeBytes(message.getBytes());
      messages.incrementAndGet();
    }

    @Override
    public void end() {
      ends.incrementAndGet();
      ended.countDown();
    }

    synchronized byte[] bytes() {
      return bytes.toByteArray();
    }

    void awaitEnd() throws InterruptedException {
      if (!ended.await(20, TimeUnit.SECONDS)) {
        throw new AssertionError("the sink did not end");
      }
    }

    void awaitMessages(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (messages.get() < n && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
  }
}
