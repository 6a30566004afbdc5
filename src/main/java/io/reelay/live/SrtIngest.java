package io.reelay.live;

import io.reelay.live.ingest.PublishRefused;
import io.reelay.live.ingest.Publishers;
import io.reelay.live.srt.SrtAdmission;
import io.reelay.live.srt.SrtConnectionStats;
import io.reelay.live.srt.SrtPayloadSink;
import io.reelay.live.srt.SrtRejected;
import io.reelay.live.srt.SrtStreamId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * SRT callers into the live pipeline: the same gate as RTMP (keys, one publisher per stream, takeover of a silent
 * one), answered in the SRT handshake with the access-control rejection codes; admitted connections' MPEG-TS goes
 * through {@link TsPayloadSink}. Also knows which stream each connection publishes, for its statistics.
 */
final class SrtIngest implements SrtAdmission {

  private final Vertx vertx;
  private final Publishers publishers;
  private final Map<String, String> streamByRemote = new ConcurrentHashMap<>();
  private volatile Supplier<List<SrtConnectionStats>> connections = List::of;

  SrtIngest(Vertx vertx, Publishers publishers) {
    this.vertx = vertx;
    this.publishers = publishers;
  }

  /** Where the current connections' statistics come from (the listener, once it runs). */
  void connections(Supplier<List<SrtConnectionStats>> source) {
    this.connections = source;
  }

  /**
   * Admits on a new event-loop context, which becomes the broadcast's: its pipeline runs there, fed through a
   * {@link HandedOffSink}, not on the listener's loop. Answers on the listener's context.
   */
  @Override
  public Future<SrtPayloadSink> admit(SrtStreamId id, String remote, Runnable disconnect) {
    ContextInternal listener = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal pipeline = pipelineContext(listener);
    Promise<SrtPayloadSink> answer = Promise.promise();
    pipeline.runOnContext(v -> publishers.publish("srt", id.key(), remote, disconnect)
        .recover(e -> Future.failedFuture(rejection(e)))
        .<SrtPayloadSink>map(sink -> {
          if (sink.streamId() != null) {
            streamByRemote.put(remote, sink.streamId());
          }
          return new HandedOffSink(pipeline, new TsPayloadSink(sink, disconnect, () -> streamByRemote.remove(remote)),
              disconnect);
        })
        .onComplete(result -> listener.runOnContext(w -> answer.handle(result))));
    return answer.future();
  }

  /**
   * A new context on another event loop than the listener's when there is one: the listener's loop only receives,
   * so a burst of work in some pipeline (segments closing) cannot delay the reading of every caller's datagrams.
   */
  private ContextInternal pipelineContext(ContextInternal listener) {
    VertxInternal owner = (VertxInternal) vertx;
    ContextInternal candidate = owner.createEventLoopContext(); // round robin over the loops
    for (int tries = 0; tries < 16 && candidate.nettyEventLoop() == listener.nettyEventLoop(); tries++) {
      candidate = owner.createEventLoopContext();
    }
    return candidate;
  }

  /** The statistics of the SRT connection publishing {@code streamId} on this node, if there is one. */
  Optional<SrtConnectionStats> statsOf(String streamId) {
    return connections.get().stream().filter(c -> streamId.equals(streamByRemote.get(c.remote()))).findFirst();
  }

  /** Every current connection with the stream it publishes (null while being admitted). */
  List<Map.Entry<SrtConnectionStats, String>> all() {
    return connections.get().stream()
        .map(c -> Map.entry(c, streamByRemote.getOrDefault(c.remote(), ""))).toList();
  }

  /** What GET /api/streams/{id} shows of an SRT publisher's connection. */
  static JsonObject json(SrtConnectionStats s) {
    return new JsonObject()
        .put("protocol", "srt")
        .put("remote", s.remote())
        .put("connectedAt", s.connectedAt().toString())
        .put("latencyMs", s.latencyMillis())
        .put("rttMs", s.rttMillis())
        .put("rttVarMs", s.rttVarMillis())
        .put("packetsReceived", s.packetsReceived())
        .put("packetsLost", s.packetsLost())
        .put("packetsRetransmitted", s.packetsRetransmitted())
        .put("packetsDropped", s.packetsDropped())
        .put("packetsDiscarded", s.packetsDiscarded())
        .put("bytesReceived", s.bytesReceived())
        .put("bitrate", s.bitrate());
  }

  static SrtRejected rejection(Throwable e) {
    if (e instanceof PublishRefused refused) {
      return switch (refused.reason()) {
        case UNKNOWN_KEY -> new SrtRejected(SrtRejected.FORBIDDEN, refused.getMessage());
        case ALREADY_LIVE -> new SrtRejected(SrtRejected.CONFLICT, refused.getMessage());
        case UNAVAILABLE -> new SrtRejected(SrtRejected.UNAVAILABLE, refused.getMessage());
      };
    }
    return new SrtRejected(SrtRejected.UNAVAILABLE, "the server cannot take the stream now: " + e.getMessage());
  }
}
