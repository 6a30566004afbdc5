package io.reelay.live.rtmp;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.IngestSink;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.PublishRefused;
import io.reelay.live.ingest.Publishers;
import io.reelay.live.ingest.VideoTrack;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The other side of the ingest interface for tests: admits the keys it was given (each once at a time, like the
 * real one) and records what every publish hands over. Thread-safe for the test thread to read.
 */
final class RecordingPublishers implements Publishers {

  final Set<String> keys = ConcurrentHashMap.newKeySet();
  final Map<String, RecordingSink> sinks = new ConcurrentHashMap<>();
  final List<String> refused = new CopyOnWriteArrayList<>();

  RecordingPublishers(String... keys) {
    this.keys.addAll(List.of(keys));
  }

  @Override
  public Future<IngestSink> publish(String protocol, String streamKey, String remote, Runnable disconnect) {
    if (!keys.contains(streamKey)) {
      refused.add(streamKey);
      return Future.failedFuture(new PublishRefused(PublishRefused.Reason.UNKNOWN_KEY, "unknown stream key"));
    }
    RecordingSink existing = sinks.get(streamKey);
    if (existing != null && existing.ends.get() == 0) {
      refused.add(streamKey);
      return Future.failedFuture(new PublishRefused(PublishRefused.Reason.ALREADY_LIVE, "the stream is live"));
    }
    RecordingSink sink = new RecordingSink(Vertx.currentContext());
    sinks.put(streamKey, sink);
    return Future.succeededFuture(sink);
  }

  /** Waits for a publish of {@code key} to reach its sink. */
  RecordingSink await(String key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      RecordingSink sink = sinks.get(key);
      if (sink != null) {
        return sink;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no publish of " + key);
  }

  /** Records one publish; {@link #full} can be switched on to test backpressure. */
  static final class RecordingSink implements IngestSink {
    final Context context;
    final List<VideoTrack> videoTracks = new CopyOnWriteArrayList<>();
    final List<AudioTrack> audioTracks = new CopyOnWriteArrayList<>();
    final List<AccessUnit> units = new CopyOnWriteArrayList<>();
    final AtomicInteger ends = new AtomicInteger();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    volatile boolean full;
    volatile boolean callAfterEnd;
    private volatile Runnable drain;

    RecordingSink(Context context) {
      this.context = context;
    }

    @Override
    public void video(VideoTrack track) {
      check();
      videoTracks.add(track);
    }

    @Override
    public void audio(AudioTrack track) {
      check();
      audioTracks.add(track);
    }

    @Override
    public void unit(AccessUnit unit) {
      check();
      units.add(unit);
    }

    @Override
    public boolean full() {
      return full;
    }

    @Override
    public void drainHandler(Runnable handler) {
      drain = handler;
    }

    @Override
    public void end() {
      check();
      ends.incrementAndGet();
      ended.complete(null);
    }

    /** Room again: clears {@link #full} and runs the drain handler on the connection's context. */
    void drain() {
      full = false;
      Runnable handler = drain;
      if (handler != null) {
        context.runOnContext(v -> handler.run());
      }
    }

    List<AccessUnit> units(MediaKind kind) {
      return units.stream().filter(u -> u.kind() == kind).toList();
    }

    void awaitEnd() throws Exception {
      ended.get(20, TimeUnit.SECONDS);
    }

    private void check() {
      if (ends.get() > 0) {
        callAfterEnd = true;
      }
    }
  }
}
