package io.reelay.room;

import io.reelay.catalog.CatalogService;
import io.reelay.node.NodeMetrics;
import io.reelay.node.ServerEvents;
import io.reelay.node.StreamOwners;
import io.reelay.node.auth.AccessGuard;
import io.reelay.node.auth.AuthService;
import io.reelay.node.cluster.PartitionRouter;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.storage.Storage;
import io.reelay.room.gift.GiftLedger;
import io.reelay.room.gift.GiftRoutes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The rooms capability, wired: the owner side (sequencing, history, gifts, moderation, presence) and the
 * node side (fan-out to this node's connections) on one context of their own, and the routes (the
 * WebSocket endpoint, the busiest rooms, a video's danmaku, balances and gifts).
 */
public final class RoomsModule {

  private static final long TICK_MS = 1_000;

  private final Vertx vertx;
  private final Context context;
  private final RoomOwner owner;
  private final RoomFanout fanout;
  private final StreamAnnouncer announcer;
  private final List<HttpRoutes> routes;
  private long tickTimer = -1;

  private RoomsModule(Vertx vertx, Context context, RoomOwner owner, RoomFanout fanout, StreamAnnouncer announcer,
      List<HttpRoutes> routes) {
    this.vertx = vertx;
    this.context = context;
    this.owner = owner;
    this.fanout = fanout;
    this.announcer = announcer;
    this.routes = routes;
  }

  public static Future<RoomsModule> start(Vertx vertx, PartitionRouter router, Storage storage, AuthService auth,
      CatalogService catalog, StreamOwners streams, RoomSettings settings, NodeMetrics nodeMetrics,
      ServerEvents serverEvents) {
    RoomMetrics metrics = new RoomMetrics(nodeMetrics);
    RoomHistory history = new RoomHistory(storage.redis(), settings.historySize());
    DanmakuArchive archive = new DanmakuArchive(storage.pg());
    PresenceBoard board = new PresenceBoard(storage.redis());
    GiftLedger ledger = new GiftLedger(storage.pg());
    RoomBroadcaster broadcaster = new RoomBroadcaster(vertx.eventBus());
    BatchWriter writer = new BatchWriter(vertx, history, archive, broadcaster, settings, metrics);
    RoomOwner owner = new RoomOwner(vertx, router, new RoomDirectory(catalog, streams), history, writer,
        new GiftDesk(ledger, writer, serverEvents), new ModerationDesk(history, archive, writer), broadcaster, board, settings, serverEvents);
    RoomFanout fanout = new RoomFanout(vertx, router);
    AccessGuard guard = new AccessGuard(auth);
    List<HttpRoutes> routes = List.of(
        new RoomSocketRoutes(new RoomServices(settings, metrics, auth, fanout, history, router)),
        new RoomRoutes(board, archive, catalog, guard),
        new GiftRoutes(ledger, guard));
    Context context = vertx.getOrCreateContext();
    StreamAnnouncer announcer = new StreamAnnouncer(vertx, router);
    RoomsModule module = new RoomsModule(vertx, context, owner, fanout, announcer, routes);
    // Consumers and timers registered from the context run on it: the owner's and the fan-out's state has one thread.
    Promise<RoomsModule> started = Promise.promise();
    context.runOnContext(v -> {
      owner.start();
      module.tickTimer = vertx.setPeriodic(TICK_MS, id -> owner.tick());
      Future.all(fanout.start(), router.serve(RoomBus.OWNER, owner::handle), announcer.start())
          .map(module)
          .onComplete(started);
    });
    return started.future();
  }

  public List<HttpRoutes> routes() {
    return routes;
  }

  /** Stops taking requests and batches; what the owner had admitted is still written. */
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> {
      vertx.cancelTimer(tickTimer);
      owner.stop();
      Future.join(fanout.stop(), announcer.stop()).<Void>mapEmpty().onComplete(closed);
    });
    return closed.future();
  }
}
