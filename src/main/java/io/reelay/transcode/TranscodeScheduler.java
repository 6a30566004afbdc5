package io.reelay.transcode;

import io.reelay.catalog.CatalogService;
import io.reelay.media.TranscodeException;
import io.reelay.media.UnplayableMediaException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's transcode jobs: a local queue of content hashes and at most {@code concurrentJobs} jobs at
 * once, each on a worker thread of its own (never an event loop). While a job runs, its heartbeat and
 * progress go to PostgreSQL and the event bus every {@link JobSettings#HEARTBEAT_SECONDS}. The queue and the
 * running set are owned by one Vert.x context; only the worker threads' handles are shared (to interrupt).
 */
final class TranscodeScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(TranscodeScheduler.class);

  private final Vertx vertx;
  private final Context context;
  private final WorkerExecutor workers;
  private final JobStore store;
  private final CatalogService catalog;
  private final JobSettings settings;
  private final String nodeId;
  private final Set<String> queue = new LinkedHashSet<>();
  private final Set<String> running = new LinkedHashSet<>();
  private final Map<String, Thread> workerThreads = new ConcurrentHashMap<>();
  private boolean stopping;
  private Promise<Void> drained;

  TranscodeScheduler(Vertx vertx, Context context, WorkerExecutor workers, JobStore store, CatalogService catalog,
      JobSettings settings, String nodeId) {
    this.vertx = vertx;
    this.context = context;
    this.workers = workers;
    this.store = store;
    this.catalog = catalog;
    this.settings = settings;
    this.nodeId = nodeId;
  }

  /** Queues the content's job here; it runs if this node can claim it. */
  void submit(String contentHash) {
    context.runOnContext(v -> {
      if (!stopping && !running.contains(contentHash)) {
        queue.add(contentHash);
        pump();
      }
    });
  }

  private void pump() {
    while (!stopping && running.size() < settings.concurrentJobs() && !queue.isEmpty()) {
      String hash = queue.iterator().next();
      queue.remove(hash);
      running.add(hash);
      store.claim(hash, nodeId, JobSettings.STALE_SECONDS)
          .compose(claimed -> claimed.map(this::run).orElse(Future.succeededFuture()))
          .onFailure(e -> LOG.error("transcode of {} failed unexpectedly", hash, e))
          .onComplete(ar -> {
            running.remove(hash);
            if (stopping && running.isEmpty() && drained != null) {
              drained.tryComplete();
            }
            pump();
          });
    }
  }

  private Future<Void> run(TranscodeJob job) {
    String hash = job.contentHash();
    return catalog.mediaDirOf(hash).compose(dir -> dir == null
        ? store.failed(hash, nodeId, "the stored content is gone", false, settings.maxAttempts()).mapEmpty()
        : execute(job, dir));
  }

  private Future<Void> execute(TranscodeJob job, Path mediaDir) {
    String hash = job.contentHash();
    ProgressMeter meter = new ProgressMeter();
    AtomicReference<Double> latest = new AtomicReference<>(0.0);
    long heartbeat = vertx.setPeriodic(JobSettings.HEARTBEAT_SECONDS * 1000L, id -> {
      double fraction = latest.get();
      Integer eta = meter.etaSeconds(fraction);
      store.heartbeat(hash, nodeId, fraction, eta).compose(v -> catalog.invalidateContent(hash));
      vertx.eventBus().publish(TranscodeEvents.PROGRESS, TranscodeEvents.running(hash, fraction, eta));
    });
    LOG.info("transcoding {} (attempt {})", hash, job.attempts());
    return workers.<JsonObject>executeBlocking(() -> {
      workerThreads.put(hash, Thread.currentThread());
      try {
        return JobRunner.run(mediaDir, settings, latest::set);
      } finally {
        workerThreads.remove(hash);
        Thread.interrupted(); // do not leak an interrupt to the pool's next task
      }
    }, false)
        .andThen(ar -> vertx.cancelTimer(heartbeat))
        .compose(playback -> succeeded(job, playback), failure -> failed(job, failure));
  }

  private Future<Void> succeeded(TranscodeJob job, JsonObject playback) {
    String hash = job.contentHash();
    return store.done(hash, nodeId)
        .compose(mine -> mine ? catalog.contentReady(hash, playback).mapEmpty() : Future.<Void>succeededFuture())
        .onSuccess(v -> {
          LOG.info("transcoded {}", hash);
          vertx.eventBus().publish(TranscodeEvents.PROGRESS, TranscodeEvents.done(hash));
        });
  }

  private Future<Void> failed(TranscodeJob job, Throwable failure) {
    String hash = job.contentHash();
    if (stopping) {
      return store.release(hash, nodeId); // handed back: the key's next owner runs it
    }
    // Bad media fails the same way every time: retrying it would only be a retry storm.
    boolean transient_ = !(failure instanceof TranscodeException || failure instanceof UnplayableMediaException);
    String reason = failure instanceof TranscodeException || failure instanceof UnplayableMediaException
        ? failure.getMessage() : "transcoding failed: " + failure;
    LOG.warn("transcode of {} failed (attempt {}): {}", hash, job.attempts(), reason);
    return store.failed(hash, nodeId, reason, transient_, settings.maxAttempts()).compose(after -> {
      boolean requeued = after.isPresent() && after.get().state() == TranscodeJob.State.QUEUED;
      vertx.eventBus().publish(TranscodeEvents.PROGRESS, TranscodeEvents.failed(hash, reason, requeued));
      if (requeued) {
        long backoffMs = 1000L << Math.min(job.attempts(), 6);
        vertx.setTimer(backoffMs, id -> submit(hash));
        return catalog.invalidateContent(hash);
      }
      return catalog.contentFailed(hash, reason).mapEmpty();
    });
  }

  /** Stops taking jobs, interrupts the running ones and hands them back; completes when they have stopped. */
  Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(v -> {
      stopping = true;
      queue.clear();
      drained = stopped;
      workerThreads.values().forEach(Thread::interrupt);
      if (running.isEmpty()) {
        stopped.tryComplete();
      }
    });
    return stopped.future();
  }
}
