package io.reelay.live;

import io.reelay.live.ingest.IngestSink;
import io.reelay.live.ingest.PublishRefused;
import io.reelay.live.ingest.PublishRefused.Reason;
import io.reelay.live.ingest.Publishers;
import io.reelay.node.Ids;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits publishers, whatever their protocol. A key must open a stream; a stream has one publisher at a time,
 * cluster-wide ({@link PublisherLease}). On this node a stream's broadcast is a {@link LiveChannel}: a publisher
 * that comes back within the grace, or replaces a silent one, continues it; otherwise a new broadcast starts.
 */
final class LiveGate implements Publishers {

  private static final Logger LOG = LoggerFactory.getLogger(LiveGate.class);
  private static final int SESSION_ID_BYTES = 9;

  private final Vertx vertx;
  private final StreamService streams;
  private final PublisherLease lease;
  private final LiveChannels channels;
  private final BroadcastLifecycle lifecycle;
  private final LiveMetrics metrics;

  LiveGate(Vertx vertx, StreamService streams, PublisherLease lease, LiveChannels channels,
      BroadcastLifecycle lifecycle, LiveMetrics metrics) {
    this.vertx = vertx;
    this.streams = streams;
    this.lease = lease;
    this.channels = channels;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
  }

  @Override
  public Future<IngestSink> publish(String protocol, String streamKey, String remote, Runnable disconnect) {
    Context connection = vertx.getOrCreateContext();
    return streams.byKey(streamKey).compose(found -> {
      if (found.isEmpty()) {
        metrics.refusedUnknownKey();
        LOG.info("{} publisher {} refused: unknown or revoked stream key", protocol, remote);
        return Future.failedFuture(new PublishRefused(Reason.UNKNOWN_KEY, "unknown or revoked stream key"));
      }
      LiveStream stream = found.get();
      LiveChannel existing = channels.get(stream.id());
      Future<Optional<IngestSink>> admitted = existing != null && existing.state() != LiveChannel.State.ENDED
          ? rejoin(existing, connection, disconnect)
          : start(stream, protocol, connection, disconnect);
      return admitted.compose(sink -> {
        if (sink.isEmpty()) {
          metrics.refusedAlreadyLive();
          LOG.info("{} publisher {} refused: stream {} is live from another publisher", protocol, remote, stream.id());
          return Future.failedFuture(new PublishRefused(Reason.ALREADY_LIVE, "the stream is live from another publisher"));
        }
        LOG.info("{} publisher {} is publishing stream {}", protocol, remote, stream.id());
        return Future.succeededFuture(sink.get());
      });
    });
  }

  /** Continues this node's broadcast if it takes a new publisher now, and the lease is still (or again) ours. */
  private Future<Optional<IngestSink>> rejoin(LiveChannel channel, Context connection, Runnable disconnect) {
    return on(channel.context, connection, () -> channel.admits(System.currentTimeMillis()))
        .compose(admits -> admits ? lease.acquire(channel.streamId(), channel.sessionId) : Future.succeededFuture(false))
        .compose(ours -> ours
            ? on(channel.context, connection, () -> Optional.<IngestSink>of(channel.attach(connection, disconnect)))
            : Future.succeededFuture(Optional.empty()));
  }

  /** A new broadcast, if no other session holds the stream's lease. */
  private Future<Optional<IngestSink>> start(LiveStream stream, String protocol, Context connection, Runnable disconnect) {
    String sessionId = Ids.random(SESSION_ID_BYTES);
    return lease.acquire(stream.id(), sessionId).compose(ours -> {
      if (!ours) {
        return Future.succeededFuture(Optional.empty());
      }
      return lifecycle.begin(stream, sessionId, protocol, connection).map(channel -> {
        channels.put(channel);
        return Optional.of(channel.attach(connection, disconnect));
      });
    });
  }

  /**
   * Runs {@code work} on {@code target} and completes on {@code back}: the channel's state is read and changed
   * on its own context only.
   */
  static <T> Future<T> on(Context target, Context back, Supplier<T> work) {
    Promise<T> answer = Promise.promise();
    target.runOnContext(v -> {
      try {
        T result = work.get();
        back.runOnContext(w -> answer.complete(result));
      } catch (RuntimeException e) {
        back.runOnContext(w -> answer.fail(e));
      }
    });
    return answer.future();
  }
}
