package io.reelay.upload;

import io.reelay.catalog.CatalogService;
import io.reelay.node.ContentIntake;
import io.reelay.node.NodeMetrics;
import io.reelay.node.ServerEvents;
import io.reelay.node.auth.AuthService;
import io.reelay.node.cluster.PartitionRouter;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;

/**
 * The upload capability, wired: the tus routes (served by the node's HTTP instances), the node's consumer
 * for upload requests routed by key (its HTTP address, for forwarding; final assembly), and the sweeper.
 */
public final class UploadModule {

  /** Name of the capability's event-bus consumer (see {@link PartitionRouter#serve}). */
  static final String CAPABILITY = "upload";
  /** File I/O of uploads (fsync, truncation, hashing, concatenation): bounded so it cannot starve other work. */
  private static final int IO_THREADS = 8;
  /** Probing opens media files with FFmpeg: a little memory and CPU each. */
  private static final int PROBE_THREADS = 2;

  private final Vertx vertx;
  private final TusRoutes routes;
  private final ContentIntake intake;
  private final WorkerExecutor io;
  private final WorkerExecutor probes;
  private final UploadEvents events;
  private final long sweepTimer;

  private UploadModule(Vertx vertx, TusRoutes routes, ContentIntake intake, WorkerExecutor io, WorkerExecutor probes,
      UploadEvents events, long sweepTimer) {
    this.vertx = vertx;
    this.routes = routes;
    this.intake = intake;
    this.io = io;
    this.probes = probes;
    this.events = events;
    this.sweepTimer = sweepTimer;
  }

  /**
   * @param advertisedHost host other nodes reach this node's HTTP server at
   */
  public static Future<UploadModule> start(Vertx vertx, PartitionRouter router, Storage storage, AuthService auth,
      CatalogService catalog, UploadSettings settings, String advertisedHost, int httpPort, NodeMetrics nodeMetrics,
      ServerEvents serverEvents) {
    UploadMetrics metrics = new UploadMetrics(nodeMetrics);
    WorkerExecutor io = vertx.createSharedWorkerExecutor("reelay-upload-io", IO_THREADS);
    WorkerExecutor probes = vertx.createSharedWorkerExecutor("reelay-media-probe", PROBE_THREADS);
    UploadStore store = new UploadStore(storage.pg());
    UploadFiles files = new UploadFiles(settings.storageDir());
    ContentDigests digests = new ContentDigests();
    UploadLocks locks = new UploadLocks();
    UploadEvents events = new UploadEvents(vertx, storage.kafka().producer("reelay-upload-" + router.localNodeId()));
    ChunkWriter writer = new ChunkWriter(vertx, io, store, files, digests, settings, metrics);
    ContentAnnouncer announcer = new ContentAnnouncer(probes, catalog, events);
    UploadCompleter completer = new UploadCompleter(store, files, digests, catalog, announcer,
        finalId -> router.request(CAPABILITY, Upload.key(finalId), new JsonObject().put("op", "assemble").put("id", finalId), null), metrics, serverEvents);
    FinalAssembler assembler = new FinalAssembler(io, store, files, locks, completer, settings);
    UploadService uploads = new UploadService(settings, router, io, store, files, digests, locks, catalog, writer,
        completer, assembler);
    UploadForwarder forwarder = new UploadForwarder(router, vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64)));
    UploadSweeper sweeper = new UploadSweeper(router, io, store, files, digests, uploads, catalog, completer);
    JsonObject endpoint = new JsonObject().put("host", advertisedHost).put("port", httpPort);
    return router.serve(CAPABILITY, message -> serve(message, endpoint, uploads))
        .map(v -> {
          long timer = vertx.setPeriodic(settings.sweepInterval().toMillis(), id -> sweeper.sweep());
          return new UploadModule(vertx, new TusRoutes(uploads, auth, forwarder), new FileIntake(io, catalog, announcer),
              io, probes, events, timer);
        });
  }

  private static void serve(Message<JsonObject> message, JsonObject endpoint, UploadService uploads) {
    switch (message.body().getString("op", "")) {
      case "endpoint" -> message.reply(endpoint);
      case "assemble" -> uploads.assembleIfReady(message.body().getString("id"))
          .onComplete(ar -> message.reply(new JsonObject().put("ok", ar.succeeded())));
      default -> message.fail(400, "unknown upload op: " + message.body().getString("op"));
    }
  }

  public HttpRoutes routes() {
    return routes;
  }

  /** How other capabilities hand a finished file in as a video's content. */
  public ContentIntake intake() {
    return intake;
  }

  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    return Future.join(events.close(), io.close(), probes.close()).mapEmpty();
  }
}
