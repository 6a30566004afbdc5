package io.reelay.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broadcast's life on this node around its channel: the session row, {@code live.started}/{@code live.ended},
 * the live directory entry, the publisher lease, and once a second each channel's upkeep on its own context.
 */
final class BroadcastLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(BroadcastLifecycle.class);
  /** The live directory is refreshed this often (it treats entries older than {@link LiveDirectory#STALE_MS} as gone). */
  private static final long DIRECTORY_EVERY_MS = 2_000;

  private final String nodeId;
  /** Where other nodes send viewers of this node's broadcasts, e.g. {@code http://10.0.0.5:8080}. */
  private final String httpBase;
  private final Path liveDir;
  private final StreamStore store;
  private final LiveEvents events;
  private final LiveDirectory directory;
  private final PublisherLease lease;
  private final LiveChannels channels;
  private final WorkerExecutor recordingWriters;
  private final RecordingHandoff handoff;
  private final LiveSettings settings;
  private final LiveMetrics metrics;
  private long lastDirectoryMs;
  /** Per broadcast: completes once it ended and its recording was handed off (what a stopping node waits for). */
  private final Map<String, Future<Void>> endings = new ConcurrentHashMap<>();

  BroadcastLifecycle(String nodeId, String httpBase, Path liveDir, StreamStore store, LiveEvents events, LiveDirectory directory,
      PublisherLease lease, LiveChannels channels, WorkerExecutor recordingWriters, RecordingHandoff handoff,
      LiveSettings settings, LiveMetrics metrics) {
    this.nodeId = nodeId;
    this.httpBase = httpBase;
    this.liveDir = liveDir;
    this.store = store;
    this.events = events;
    this.directory = directory;
    this.lease = lease;
    this.channels = channels;
    this.recordingWriters = recordingWriters;
    this.handoff = handoff;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** A new broadcast of {@code stream}, its channel on {@code context}; the caller holds the lease. */
  Future<LiveChannel> begin(LiveStream stream, String sessionId, String protocol, Context context) {
    RecordingWriter recording = new RecordingWriter(
        liveDir.resolve(stream.id()).resolve(sessionId).resolve("recording.mp4"), recordingWriters);
    LiveChannel channel = new LiveChannel(stream, sessionId, protocol, context, settings, System::currentTimeMillis,
        recording, metrics);
    return store.sessionStarted(sessionId, stream.id(), nodeId, protocol).map(v -> {
      metrics.broadcastStarted();
      events.started(stream.id(), stream.ownerId(), sessionId, protocol, nodeId);
      refreshDirectory(channel, System.currentTimeMillis());
      endings.put(sessionId, recording.finished()
          .transform(done -> ended(channel, recording))
          .andThen(done -> endings.remove(sessionId)));
      return channel;
    });
  }

  /**
   * Once a second, from the module's timer: every channel's upkeep on the channel's context, then the leases of
   * the channels still sending renewed, and the directory refreshed, each in one Redis call for the whole node.
   */
  void tick(long nowMs) {
    boolean refresh = nowMs - lastDirectoryMs >= DIRECTORY_EVERY_MS;
    if (refresh) {
      lastDirectoryMs = nowMs;
    }
    List<Future<Upkeep>> upkeeps = channels.all().stream().map(channel -> upkeep(channel, nowMs, refresh)).toList();
    Future.join(upkeeps).onComplete(done -> {
      List<Upkeep> all = upkeeps.stream().filter(Future::succeeded).map(Future::result).toList();
      renewLeases(all.stream().filter(Upkeep::renew).map(Upkeep::channel).toList());
      Map<String, JsonObject> entries = new HashMap<>();
      all.stream().filter(u -> u.directoryEntry() != null).forEach(u -> entries.put(u.channel().streamId(), u.directoryEntry()));
      directory.refreshAll(entries, nowMs)
          .onFailure(e -> LOG.warn("live directory not refreshed for {} streams: {}", entries.size(), e.toString()));
    });
  }

  /** What one channel's upkeep found: whether its lease is worth renewing, its directory entry if due. */
  private record Upkeep(LiveChannel channel, boolean renew, JsonObject directoryEntry) {
  }

  private Future<Upkeep> upkeep(LiveChannel channel, long nowMs, boolean refresh) {
    Promise<Upkeep> found = Promise.promise();
    channel.context.runOnContext(v -> {
      try {
        channel.tick(nowMs);
        JsonObject entry = refresh && channel.state() != LiveChannel.State.ENDED ? directoryEntry(channel, nowMs) : null;
        found.complete(new Upkeep(channel, channel.sending(nowMs), entry));
        if (channel.forgettable(nowMs) && channels.remove(channel)) {
          metrics.broadcastForgotten();
        }
      } catch (RuntimeException e) {
        LOG.warn("stream {}: upkeep failed", channel.streamId(), e);
        found.tryFail(e);
      }
    });
    return found.future();
  }

  private void renewLeases(List<LiveChannel> sending) {
    if (sending.isEmpty()) {
      return;
    }
    lease.renewAll(sending.stream().map(c -> new PublisherLease.Claim(c.streamId(), c.sessionId)).toList())
        .onComplete(renewed -> {
          if (renewed.failed()) {
            // Redis did not answer: keep publishing; a lease lapses only if this goes on for its whole TTL.
            LOG.warn("publisher leases of {} streams not renewed: {}", sending.size(), renewed.cause().toString());
            return;
          }
          for (int i = 0; i < sending.size(); i++) {
            if (!renewed.result().get(i)) {
              LiveChannel channel = sending.get(i);
              channel.context.runOnContext(v -> channel.kick("another publisher took the stream"));
            }
          }
        });
  }

  /**
   * Ends every broadcast now (the node is stopping): playlists get their ENDLIST; completes when the
   * recordings are closed.
   */
  Future<Void> endAll() {
    for (LiveChannel channel : channels.all()) {
      channel.context.runOnContext(v -> channel.end());
    }
    return Future.join(new ArrayList<>(endings.values())).mapEmpty();
  }

  private void refreshDirectory(LiveChannel channel, long nowMs) {
    directory.refresh(channel.streamId(), directoryEntry(channel, nowMs), nowMs)
        .onFailure(e -> LOG.warn("live directory not refreshed for {}: {}", channel.streamId(), e.toString()));
  }

  private JsonObject directoryEntry(LiveChannel channel, long nowMs) {
    return channel.stream.toJson()
        .put("sessionId", channel.sessionId)
        .put("viewers", channel.viewers.count(nowMs))
        .put("startedAt", Instant.ofEpochMilli(channel.startedAtMs()).toString())
        .put("publishing", channel.state() == LiveChannel.State.LIVE)
        .put("node", nodeId)
        .put("httpBase", httpBase);
  }

  /** The broadcast is over and its recording closed: the stream is free again, the recording becomes a video. */
  private Future<Void> ended(LiveChannel channel, RecordingWriter recording) {
    String streamId = channel.streamId();
    long durationMs = channel.durationMs();
    lease.release(streamId, channel.sessionId);
    directory.remove(streamId);
    LOG.info("stream {}: broadcast {} ended after {} s ({} segments recorded)", streamId, channel.sessionId,
        durationMs / 1000, recording.segments());
    return handoff.handOff(channel.stream, channel.startedAtMs(), recording)
        .recover(e -> Future.succeededFuture(null))
        .compose(videoId -> Future.join(
            store.sessionEnded(channel.sessionId, videoId)
                .onFailure(e -> LOG.warn("live session {} not marked ended: {}", channel.sessionId, e.toString())),
            events.ended(streamId, channel.stream.ownerId(), channel.sessionId, durationMs, videoId)))
        .mapEmpty();
  }

}
