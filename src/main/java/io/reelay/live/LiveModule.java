package io.reelay.live;

import io.reelay.catalog.CatalogService;
import io.reelay.live.rtmp.RtmpSettings;
import io.reelay.live.srt.SrtSettings;
import io.reelay.node.Capability;
import io.reelay.node.ContentIntake;
import io.reelay.node.LiveNow;
import io.reelay.node.NodeEndpoints;
import io.reelay.node.NodeMetrics;
import io.reelay.node.ServerEvents;
import io.reelay.node.StreamOwners;
import io.reelay.node.auth.AccessGuard;
import io.reelay.node.auth.AuthService;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.storage.Storage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The live capability, wired: stream keys and their routes, the gate every ingest admits publishers through,
 * the broadcasts' upkeep (a timer on a context of its own), live playback, and the RTMP server as a
 * capability of its own (instances on the RTMP port).
 */
public final class LiveModule {

  private static final long TICK_MS = 1_000;
  /** Recording writes; the pending bytes per broadcast are bounded, the threads shared by all. */
  private static final int RECORDING_THREADS = 2;
  /** How long a stopping node waits for its broadcasts' recordings to be written and handed off. */
  private static final long CLOSE_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final Context context;
  private final LiveGate gate;
  private final BroadcastLifecycle lifecycle;
  private final LiveEvents events;
  private final WorkerExecutor recordingWriters;
  private final List<HttpRoutes> routes;
  private final StreamOwners streamOwners;
  private final SrtIngest srt;
  private final SrtMetrics srtMetrics;
  private final LiveNow liveNow;
  private long tickTimer = -1;

  private LiveModule(Vertx vertx, Context context, LiveGate gate, BroadcastLifecycle lifecycle, LiveEvents events,
      WorkerExecutor recordingWriters, List<HttpRoutes> routes, StreamOwners streamOwners, SrtIngest srt,
      SrtMetrics srtMetrics, LiveNow liveNow) {
    this.srt = srt;
    this.srtMetrics = srtMetrics;
    this.vertx = vertx;
    this.context = context;
    this.gate = gate;
    this.lifecycle = lifecycle;
    this.events = events;
    this.recordingWriters = recordingWriters;
    this.routes = routes;
    this.streamOwners = streamOwners;
    this.liveNow = liveNow;
  }

  public static Future<LiveModule> start(Vertx vertx, String nodeId, Storage storage, AuthService auth,
      CatalogService catalog, ContentIntake intake, NodeEndpoints endpoints, String advertisedHttpBase, Path storageDir,
      LiveSettings settings, NodeMetrics nodeMetrics, ServerEvents serverEvents) {
    LiveMetrics metrics = new LiveMetrics(nodeMetrics);
    LiveChannels channels = new LiveChannels();
    StreamStore store = new StreamStore(storage.pg());
    StreamService streams = new StreamService(store, streamId -> {
      LiveChannel channel = channels.get(streamId);
      if (channel != null) {
        channel.context.runOnContext(v -> channel.kick("its stream key was withdrawn"));
      }
    });
    PublisherLease lease = new PublisherLease(storage.redis());
    LiveDirectory directory = new LiveDirectory(storage.redis());
    LiveEvents events = new LiveEvents(vertx, storage.kafka().producer("reelay-live-" + nodeId), serverEvents);
    WorkerExecutor recordingWriters = vertx.createSharedWorkerExecutor("reelay-live-recording", RECORDING_THREADS);
    BroadcastLifecycle lifecycle = new BroadcastLifecycle(nodeId, advertisedHttpBase, storageDir.resolve("live"), store, events, directory,
        lease, channels, recordingWriters, new RecordingHandoff(catalog, intake, recordingWriters), settings, metrics);
    LiveGate gate = new LiveGate(vertx, streams, lease, channels, lifecycle, metrics);
    SrtIngest srt = new SrtIngest(vertx, gate);
    SrtMetrics srtMetrics = new SrtMetrics(nodeMetrics);
    List<HttpRoutes> routes = List.of(
        new StreamRoutes(streams, directory, IngestUrls.of(endpoints), new AccessGuard(auth), srt),
        new LivePlaybackRoutes(vertx, channels, directory, nodeId));
    Context context = vertx.getOrCreateContext();
    StreamOwners owners = id -> store.find(id).map(found -> found.map(LiveStream::ownerId));
    LiveModule module = new LiveModule(vertx, context, gate, lifecycle, events, recordingWriters, routes, owners, srt,
        srtMetrics, () -> directory.list(System.currentTimeMillis()));
    Promise<LiveModule> started = Promise.promise();
    context.runOnContext(v -> {
      module.tickTimer = vertx.setPeriodic(TICK_MS, id -> {
        lifecycle.tick(System.currentTimeMillis());
        srtMetrics.refresh(srt.all());
      });
      started.complete(module);
    });
    return started.future();
  }

  /** Who owns a stream, for the stream's chat room. */
  public StreamOwners streamOwners() {
    return streamOwners;
  }

  /** The streams live now (recommendations rank them by viewers). */
  public LiveNow liveNow() {
    return liveNow;
  }

  public List<HttpRoutes> routes() {
    return routes;
  }

  /** The RTMP ingest, {@code instances} servers on one port (resolved already: never 0 here). */
  public Capability rtmpCapability(String host, int port, int instances, String certFile, String keyFile) {
    RtmpSettings rtmp = certFile.isEmpty() ? RtmpSettings.defaults() : RtmpSettings.defaults().withPemTls(certFile, keyFile);
    return new Capability("rtmp", () -> new RtmpVerticle(gate, rtmp, host, port), instances);
  }

  /** The SRT ingest: one listener on the SRT port (UDP, resolved already: never 0 here). */
  public Capability srtCapability(String host, int port, int latencyMillis) {
    SrtSettings settings = SrtSettings.defaults().withLatencyMillis(latencyMillis);
    return new Capability("srt", () -> new SrtVerticle(srt, settings, host, port, srtMetrics::deliveryLateness), 1);
  }

  /** Ends every broadcast (playlists get their ENDLIST, recordings close) and stops the upkeep. */
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> {
      vertx.cancelTimer(tickTimer);
      lifecycle.endAll()
          .timeout(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .eventually(events::close)
          .eventually(recordingWriters::close)
          .onComplete(done -> closed.complete());
    });
    return closed.future();
  }
}
