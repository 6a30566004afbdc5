package io.reelay.node.config;

import static io.reelay.node.config.ValueType.BOOLEAN;
import static io.reelay.node.config.ValueType.BYTES;
import static io.reelay.node.config.ValueType.NON_NEGATIVE_INT;
import static io.reelay.node.config.ValueType.PORT;
import static io.reelay.node.config.ValueType.POSITIVE_INT;
import static io.reelay.node.config.ValueType.STRING;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every configuration key Reelay knows. Defaults live in {@code conf/reelay.json}. */
public final class ConfigSchema {

  private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

  static {
    key("httpHost", STRING, "interface the HTTP server binds");
    key("httpPort", PORT, "HTTP + WebSocket port");
    key("httpInstances", POSITIVE_INT, "instances of the HTTP capability (event loops serving HTTP)");
    key("httpBodyLimitBytes", POSITIVE_INT, "largest JSON request body accepted (413 above)");
    key("rtmpPort", PORT, "RTMP ingest port");
    key("srtPort", PORT, "SRT ingest port (UDP)");
    key("rtmpInstances", POSITIVE_INT, "instances of the RTMP server (event loops taking publishers)");
    key("rtmpsCertFile", STRING, "PEM certificate chain: with rtmpsKeyFile, the RTMP port speaks RTMPS (TLS) instead");
    key("rtmpsKeyFile", STRING, "PEM private key of rtmpsCertFile");
    key("livePartMillis", POSITIVE_INT, "LL-HLS part target of live streams");
    key("liveSegmentMillis", POSITIVE_INT, "live segments end at the first keyframe after this (forced at 3x)");
    key("liveWindowSegments", POSITIVE_INT, "segments a live playlist keeps (its sliding window)");
    key("liveReconnectGraceMillis", POSITIVE_INT, "a publisher back within this long continues the same playlist");
    key("srtLatencyMillis", POSITIVE_INT, "SRT receive latency (TSBPD); a caller asking for more gets its own");
    key("liveAbr", BOOLEAN, "live streams also get a 720p/480p/360p ladder (below the source) and /live/{id}/master.m3u8");
    key("dataDir", STRING, "media, uploads and the embedded services' files");
    key("storageDir", STRING, "uploads and media; every node of a cluster must see the same one (empty: <dataDir>/storage)");
    key("uploadMaxBytes", BYTES, "largest upload accepted (Tus-Max-Size)");
    key("uploadQuotaBytes", BYTES, "bytes each user may have stored and in flight (0: unlimited)");
    key("uploadExpirySeconds", POSITIVE_INT, "an upload with no progress for this long expires and its bytes are removed");
    key("uploadAllowViewers", BOOLEAN, "let users with the viewer role upload (default: creators and admins only)");
    key("transcodeConcurrentJobs", POSITIVE_INT, "transcode jobs a node runs at once");
    key("transcodeThreadsPerJob", NON_NEGATIVE_INT, "encoder threads per rendition (0: let x264 decide)");
    key("transcodeRetries", NON_NEGATIVE_INT, "times a failed transcode job is retried before the video fails");
    key("roomBatchMillis", POSITIVE_INT, "a room's batching window: messages are broadcast together at most this often");
    key("roomBatchMessages", POSITIVE_INT, "a room's batch is broadcast early once it holds this many messages");
    key("roomHistorySize", POSITIVE_INT, "messages kept per room for resume (older ones are trimmed)");
    key("roomDanmakuPerSecond", POSITIVE_INT, "danmaku a user may send per second in one room");
    key("roomDanmakuBurst", POSITIVE_INT, "danmaku a user may send at once before the per-second rate applies");
    key("roomLikesPerSecond", POSITIVE_INT, "likes a user may send per second in one room");
    key("roomWriteQueueBytes", BYTES, "bytes a room connection may have queued before droppable messages are skipped");
    key("roomSlowGraceMillis", POSITIVE_INT, "a connection whose write queue stays full this long is closed with 4008");
    key("roomBlockWords", STRING, "comma-separated words refused in danmaku (case-insensitive)");
    key("profileInstances", POSITIVE_INT, "profile-builder consumers (Kafka group reelay-profiles) on this node");
    key("recDedupSeconds", POSITIVE_INT, "how long a behaviour event id sent again counts once (redelivered records: always, by offset)");
    key("recSnapshotSeconds", NON_NEGATIVE_INT, "how often the recommendation state is copied to PostgreSQL (0: only at a clean stop)");
    key("pgUrl", STRING, "external PostgreSQL, e.g. postgresql://user:pass@host:5432/db (empty: embedded)");
    key("pgPoolSize", POSITIVE_INT, "PostgreSQL connections per node");
    key("redisUrl", STRING, "external Redis, e.g. redis://host:6379 (empty: embedded)");
    key("kafkaBootstrap", STRING, "external Kafka bootstrap servers, e.g. host:9092 (empty: embedded)");
    key("cluster", BOOLEAN, "join the Hazelcast cluster described by cluster.xml");
    key("clusterName", STRING, "Hazelcast cluster name; nodes join only their own cluster");
    key("clusterHost", STRING, "address this node uses for Hazelcast and the event bus");
    key("clusterPort", PORT, "first Hazelcast port tried (auto-increments)");
    key("clusterMembers", STRING, "comma-separated members to join, e.g. 10.0.0.5:5701,10.0.0.6");
    key("adminPassword", STRING, "password of user admin at first start (empty: random, printed once)");
    key("jwtSecret", STRING, "JWT signing secret (empty: generated once and shared through PostgreSQL)");
    key("jwtTtlSeconds", POSITIVE_INT, "lifetime of issued tokens");
    key("shutdownTimeoutSeconds", POSITIVE_INT, "how long a graceful shutdown may drain");
  }

  private ConfigSchema() {}

  private static void key(String name, ValueType type, String meaning) {
    KEYS.put(name, new ConfigKey(name, type, meaning));
  }

  public static Optional<ConfigKey> byName(String name) {
    return Optional.ofNullable(KEYS.get(name));
  }

  public static Optional<ConfigKey> byEnvName(String envName) {
    return KEYS.values().stream().filter(k -> k.envName().equals(envName)).findFirst();
  }

  public static Iterable<ConfigKey> keys() {
    return KEYS.values();
  }
}
