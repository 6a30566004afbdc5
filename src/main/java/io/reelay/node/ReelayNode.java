package io.reelay.node;

import io.reelay.catalog.CatalogRoutes;
import io.reelay.catalog.CatalogService;
import io.reelay.catalog.Visibility;
import io.reelay.node.auth.AccessGuard;
import io.reelay.node.auth.AuthRoutes;
import io.reelay.node.auth.AuthService;
import io.reelay.node.cluster.ClusterSettings;
import io.reelay.node.cluster.ClusterNode;
import io.reelay.node.cluster.PartitionRouter;
import io.reelay.node.config.ReelayConfig;
import io.reelay.node.embedded.EmbeddedServices;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.http.HttpSettings;
import io.reelay.node.http.HttpVerticle;
import io.reelay.node.ops.HealthRoutes;
import io.reelay.node.ops.OpsRoutes;
import io.reelay.node.ops.ReadinessCheck;
import io.reelay.node.storage.Migrations;
import io.reelay.node.storage.PostgresUrl;
import io.reelay.node.storage.ServiceUrls;
import io.reelay.node.storage.Storage;
import io.reelay.playback.PlaybackRoutes;
import io.reelay.playback.PlaybackUrls;
import io.reelay.recommend.tracking.TrackingModule;
import io.reelay.room.RoomSettings;
import io.reelay.live.LiveModule;
import io.reelay.live.LiveSettings;
import io.reelay.recommend.RecommendModule;
import io.reelay.recommend.RecommendSettings;
import io.reelay.room.RoomsModule;
import io.reelay.transcode.JobSettings;
import io.reelay.transcode.TranscodeModule;
import io.reelay.upload.UploadModule;
import io.reelay.upload.UploadSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Reelay node: embedded or external services, Vert.x (clustered or not), storage, identity,
 * partition routing and the deployed capabilities. {@link #start} and {@link #stop} block; the node
 * is otherwise fully reactive.
 */
public final class ReelayNode {

  private static final Logger LOG = LoggerFactory.getLogger(ReelayNode.class);
  /** How long the signed playback URLs in a private video's JSON stay valid. */
  private static final Duration PRIVATE_PLAYBACK_TTL = Duration.ofHours(6);

  private final ReelayConfig config;
  private final EmbeddedServices embedded;
  private final ServiceUrls serviceUrls;
  private final Vertx vertx;
  private final PartitionRouter router;
  private final Storage storage;
  private final AuthService auth;
  private final CatalogService catalog;
  private final UploadModule uploads;
  private final TranscodeModule transcodes;
  private final RoomsModule rooms;
  private final LiveModule live;
  private final TrackingModule tracking;
  private final RecommendModule recommend;
  private final Capabilities capabilities;
  private final NodeEndpoints endpoints;
  private final Optional<String> generatedAdminPassword;
  private final Map<String, Duration> startupPhases;
  private volatile boolean stopped;

  private ReelayNode(Builder b) {
    this.config = b.config;
    this.embedded = b.embedded;
    this.serviceUrls = b.serviceUrls;
    this.vertx = b.vertx;
    this.router = b.router;
    this.storage = b.storage;
    this.auth = b.auth;
    this.catalog = b.catalog;
    this.uploads = b.uploads;
    this.transcodes = b.transcodes;
    this.rooms = b.rooms;
    this.live = b.live;
    this.tracking = b.tracking;
    this.recommend = b.recommend;
    this.capabilities = b.capabilities;
    this.endpoints = b.endpoints;
    this.generatedAdminPassword = b.generatedAdminPassword;
    this.startupPhases = b.startupPhases;
  }

  /** Everything a starting node has built so far; on failure, whatever is here is torn down. */
  private static final class Builder {
    ReelayConfig config;
    EmbeddedServices embedded;
    ServiceUrls serviceUrls;
    Vertx vertx;
    PartitionRouter router;
    Storage storage;
    AuthService auth;
    CatalogService catalog;
    UploadModule uploads;
    TranscodeModule transcodes;
    RoomsModule rooms;
    LiveModule live;
    TrackingModule tracking;
    RecommendModule recommend;
    PlaybackUrls playbackUrls;
    Capabilities capabilities;
    NodeEndpoints endpoints;
    Optional<String> generatedAdminPassword = Optional.empty();
    Map<String, Duration> startupPhases;
  }

  public static ReelayNode start(ReelayConfig config) throws Exception {
    StartupClock clock = new StartupClock();
    Builder b = new Builder();
    b.config = config;
    int httpPort = Ports.resolve("httpPort", config.httpHost(), config.httpPort());
    int rtmpPort = Ports.resolve("rtmpPort", config.httpHost(), config.rtmpPort());
    int srtPort = Ports.resolveUdp("srtPort", config.httpHost(), config.srtPort());
    NodeMetrics metrics = new NodeMetrics("reelay-" + UUID.randomUUID());
    try {
      // The embedded services and Vert.x (with its cluster join) are independent: start both at once.
      CompletableFuture<VertxRuntime> vertxStart = CompletableFuture.supplyAsync(() -> {
        try {
          return clock.time("vertx", () -> startVertx(config, metrics));
        } catch (Exception e) {
          throw new StartupFailure("vertx", e);
        }
      });
      try {
        b.embedded = EmbeddedServices.start(config.dataDir(),
            config.pgUrl().isEmpty(), config.redisUrl().isEmpty(), config.kafkaBootstrap().isEmpty());
      } finally {
        VertxRuntime runtime = joinQuietly(vertxStart);
        if (runtime != null) {
          b.vertx = runtime.vertx();
          b.router = runtime.router();
        }
      }
      clock.record(b.embedded.startupTimes());
      b.serviceUrls = new ServiceUrls(
          b.embedded.postgresUrl().orElse(config.pgUrl()),
          b.embedded.redisUrl().orElse(config.redisUrl()),
          b.embedded.kafkaBootstrap().orElse(config.kafkaBootstrap()));
      if (b.vertx == null) {
        vertxStart.join(); // rethrows the start failure
      }
      clock.time("migrations", () -> Migrations.apply(new PostgresUrl(b.serviceUrls.postgres())));
      b.storage = Storage.connect(b.vertx, b.serviceUrls, config.pgPoolSize());
      b.auth = clock.time("identity", () -> await(AuthService.create(
          b.vertx, b.storage.pg(), config.jwtSecret(), config.jwtTtlSeconds(), metrics)));
      b.generatedAdminPassword = await(b.auth.ensureAdmin(config.adminPassword()));
      b.playbackUrls = await(PlaybackUrls.load(b.storage.pg()));
      b.tracking = TrackingModule.create(b.vertx, b.router.localNodeId(), b.storage, b.auth, metrics);
      b.catalog = new CatalogService(b.vertx, b.storage.pg(), b.storage.redis(), config.storageDir(), metrics);
      b.endpoints = new NodeEndpoints(publicHost(config.httpHost()), httpPort, rtmpPort, true, srtPort, true);
      b.uploads = await(UploadModule.start(b.vertx, b.router, b.storage, b.auth, b.catalog,
          UploadSettings.from(config), advertisedHost(config), httpPort, metrics, b.tracking.serverEvents()));
      b.transcodes = await(TranscodeModule.start(b.vertx, b.router, b.storage, b.catalog, new AccessGuard(b.auth),
          JobSettings.from(config)));
      b.live = await(LiveModule.start(b.vertx, b.router.localNodeId(), b.storage, b.auth, b.catalog,
          b.uploads.intake(), b.endpoints, "http://" + advertisedHost(config) + ":" + httpPort,
          config.storageDir(), LiveSettings.from(config), metrics, b.tracking.serverEvents()));
      b.rooms = await(RoomsModule.start(b.vertx, b.router, b.storage, b.auth, b.catalog, b.live.streamOwners(),
          RoomSettings.from(config), metrics, b.tracking.serverEvents()));
      b.recommend = await(RecommendModule.start(b.vertx, b.storage, b.catalog, b.live.streamOwners(),
          b.live.liveNow(), new AccessGuard(b.auth), RecommendSettings.from(config), metrics));
      b.capabilities = new Capabilities(b.vertx, b.router.localNodeId(), metrics);
      await(OpsRoutes.serveCapabilityList(b.router, b.capabilities));
      clock.time("capabilities", () -> await(deployCapabilities(b, metrics)));
      b.startupPhases = clock.finish();
      metrics.recordStartup(b.startupPhases);
      return new ReelayNode(b);
    } catch (Exception | Error e) {
      teardown(b.capabilities, b.recommend, b.live, b.rooms, b.tracking, b.transcodes, b.uploads, b.auth, b.storage, b.router, b.vertx, b.embedded, Duration.ofSeconds(5));
      throw e;
    }
  }

  private static Future<Void> deployCapabilities(Builder b, NodeMetrics metrics) {
    AccessGuard guard = new AccessGuard(b.auth);
    List<ReadinessCheck> checks = new ArrayList<>(List.of(
        new ReadinessCheck("postgres", b.storage::pingPostgres),
        new ReadinessCheck("redis", b.storage::pingRedis),
        new ReadinessCheck("kafka", b.storage::pingKafka),
        new ReadinessCheck("cluster", b.router::checkJoined)));
    List<HttpRoutes> routes = new ArrayList<>(List.of(
        new HealthRoutes(b.router.localNodeId(), b.router.clustered(), b.endpoints, checks, metrics.registry()),
        new OpsRoutes(b.capabilities, b.router, guard),
        new AuthRoutes(b.auth, guard),
        new CatalogRoutes(b.catalog, guard, video -> video.visibility() == Visibility.PRIVATE
            ? b.playbackUrls.signedRoot(video.id(), PRIVATE_PLAYBACK_TTL) : b.playbackUrls.root(video.id())),
        b.uploads.routes(),
        b.transcodes.routes(),
        // Before the web app: its catch-all GET route would take /vod/ paths too.
        new PlaybackRoutes(b.vertx, b.storage.pg(), b.auth, b.playbackUrls, b.config.storageDir(), metrics)));
    routes.addAll(b.rooms.routes());
    routes.addAll(b.live.routes());
    routes.add(b.tracking.routes());
    routes.add(b.recommend.routes());
    routes.add(new WebAppRoutes());
    HttpSettings http = new HttpSettings(b.config.httpHost(), b.endpoints.httpPort(),
        b.config.httpBodyLimitBytes(), b.config.shutdownTimeoutSeconds());
    return b.capabilities.deploy(new Capability("http", () -> new HttpVerticle(http, routes), b.config.httpInstances()))
        .compose(v -> b.capabilities.deploy(b.live.rtmpCapability(b.config.httpHost(), b.endpoints.rtmpPort(),
            b.config.rtmpInstances(), b.config.rtmpsCertFile(), b.config.rtmpsKeyFile())))
        .compose(v -> b.capabilities.deploy(b.live.srtCapability(b.config.httpHost(), b.endpoints.srtPort(),
            b.config.srtLatencyMillis())))
        .compose(v -> b.capabilities.deploy(b.recommend.profilesCapability()));
  }

  private record VertxRuntime(Vertx vertx, PartitionRouter router) {}

  private static VertxRuntime startVertx(ReelayConfig config, NodeMetrics metrics) throws Exception {
    VertxOptions options = new VertxOptions().setMetricsOptions(metrics.vertxOptions());
    MicrometerMetricsFactory metricsFactory = new MicrometerMetricsFactory(metrics.registry());
    if (!config.clustered()) {
      Vertx vertx = Vertx.builder().with(options).withMetrics(metricsFactory).build();
      return new VertxRuntime(vertx, PartitionRouter.create(vertx, null));
    }
    ClusterNode node = await(ClusterNode.start(new ClusterSettings(
        config.clusterName(), config.clusterHost(), config.clusterPort(), config.clusterMembers()),
        options, metricsFactory));
    return new VertxRuntime(node.vertx(), node.router());
  }

  /** The host other nodes reach this node's HTTP server at: the bind address, or the cluster address. */
  private static String advertisedHost(ReelayConfig config) {
    String bind = config.httpHost();
    return bind.equals("0.0.0.0") || bind.equals("::") ? config.clusterHost() : bind;
  }

  /** The host to advertise: the bind address, or localhost when bound to every interface. */
  private static String publicHost(String bindHost) {
    return bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "localhost" : bindHost;
  }

  public ReelayConfig config() { return config; }
  public NodeEndpoints endpoints() { return endpoints; }
  public ServiceUrls serviceUrls() { return serviceUrls; }
  public Vertx vertx() { return vertx; }
  public PartitionRouter router() { return router; }
  public Storage storage() { return storage; }
  public CatalogService catalog() { return catalog; }
  public RecommendModule recommend() { return recommend; }
  public Capabilities capabilities() { return capabilities; }
  public Optional<String> generatedAdminPassword() { return generatedAdminPassword; }
  public Map<String, Duration> startupPhases() { return startupPhases; }
  public boolean ownsEmbeddedServices() { return embedded.postgresUrl().isPresent(); }

  /**
   * Graceful stop: stop accepting and drain HTTP, undeploy capabilities, close clients, leave the
   * cluster, stop the embedded services. Idempotent. Worst case: 1 s lame duck + the drain budget
   * + 1 s (clients) + 4 s (cluster leave) + 4 s (embedded services); an idle node takes about 1.4 s.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    LOG.info("stopping node {}", router.localNodeId());
    teardown(capabilities, recommend, live, rooms, tracking, transcodes, uploads, auth, storage, router, vertx, embedded, Duration.ofSeconds(config.shutdownTimeoutSeconds()));
  }

  private static void teardown(Capabilities capabilities, RecommendModule recommend, LiveModule live, RoomsModule rooms, TrackingModule tracking, TranscodeModule transcodes, UploadModule uploads,
      AuthService auth, Storage storage, PartitionRouter router, Vertx vertx, EmbeddedServices embedded,
      Duration drainBudget) {
    if (capabilities != null) {
      awaitQuietly("undeploy", capabilities.undeployAll(), drainBudget);
    }
    if (recommend != null) {
      awaitQuietly("recommendation snapshot", recommend.close(), Duration.ofSeconds(10));
    }
    if (live != null) {
      awaitQuietly("live close", live.close(), Duration.ofSeconds(6));
    }
    if (rooms != null) {
      awaitQuietly("rooms close", rooms.close(), Duration.ofSeconds(2));
    }
    if (tracking != null) {
      awaitQuietly("tracking close", tracking.close(), Duration.ofSeconds(2));
    }
    if (transcodes != null) {
      awaitQuietly("transcodes close", transcodes.close(), Duration.ofSeconds(3));
    }
    if (uploads != null) {
      awaitQuietly("uploads close", uploads.close(), Duration.ofSeconds(1));
    }
    if (auth != null) {
      auth.close();
    }
    if (storage != null) {
      awaitQuietly("storage close", storage.close(), Duration.ofSeconds(1));
    }
    if (router != null) {
      router.close();
    }
    if (vertx != null) {
      // Leaves the cluster gracefully: Hazelcast hands this node's partitions over first.
      awaitQuietly("vertx close", vertx.close(), Duration.ofSeconds(4));
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static void awaitQuietly(String what, Future<?> future, Duration budget) {
    try {
      future.toCompletionStage().toCompletableFuture().get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("{} did not finish cleanly: {}", what, e.toString());
    }
  }

  private static VertxRuntime joinQuietly(CompletableFuture<VertxRuntime> future) {
    try {
      return future.join();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A start-up phase failed; the message names it. */
  public static final class StartupFailure extends RuntimeException {
    StartupFailure(String phase, Throwable cause) {
      super(phase + " failed to start: " + cause.getMessage(), cause);
    }
  }
}
