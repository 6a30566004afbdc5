package io.reelay.node.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The node's validated, immutable configuration with typed accessors. */
public final class ReelayConfig {

  private final JsonObject values;

  ReelayConfig(JsonObject values) {
    this.values = values.copy();
  }

  public String httpHost() { return values.getString("httpHost"); }
  public int httpPort() { return values.getInteger("httpPort"); }
  public int httpInstances() { return values.getInteger("httpInstances"); }
  public long httpBodyLimitBytes() { return values.getInteger("httpBodyLimitBytes"); }
  public int rtmpPort() { return values.getInteger("rtmpPort"); }
  public int srtPort() { return values.getInteger("srtPort"); }
  public int rtmpInstances() { return values.getInteger("rtmpInstances"); }
  public String rtmpsCertFile() { return values.getString("rtmpsCertFile"); }
  public String rtmpsKeyFile() { return values.getString("rtmpsKeyFile"); }
  public int livePartMillis() { return values.getInteger("livePartMillis"); }
  public int liveSegmentMillis() { return values.getInteger("liveSegmentMillis"); }
  public int liveWindowSegments() { return values.getInteger("liveWindowSegments"); }
  public int liveReconnectGraceMillis() { return values.getInteger("liveReconnectGraceMillis"); }
  public int srtLatencyMillis() { return values.getInteger("srtLatencyMillis"); }
  public boolean liveAbr() { return values.getBoolean("liveAbr"); }
  public Path dataDir() { return Path.of(values.getString("dataDir")).toAbsolutePath().normalize(); }
  /** Uploads and media; shared by every node of a cluster. */
  public Path storageDir() {
    String configured = values.getString("storageDir");
    return configured.isEmpty() ? dataDir().resolve("storage") : Path.of(configured).toAbsolutePath().normalize();
  }
  public long uploadMaxBytes() { return values.getLong("uploadMaxBytes"); }
  public long uploadQuotaBytes() { return values.getLong("uploadQuotaBytes"); }
  public int uploadExpirySeconds() { return values.getInteger("uploadExpirySeconds"); }
  public boolean uploadAllowViewers() { return values.getBoolean("uploadAllowViewers"); }
  public int transcodeConcurrentJobs() { return values.getInteger("transcodeConcurrentJobs"); }
  public int transcodeThreadsPerJob() { return values.getInteger("transcodeThreadsPerJob"); }
  public int transcodeRetries() { return values.getInteger("transcodeRetries"); }
  public int roomBatchMillis() { return values.getInteger("roomBatchMillis"); }
  public int roomBatchMessages() { return values.getInteger("roomBatchMessages"); }
  public int roomHistorySize() { return values.getInteger("roomHistorySize"); }
  public int roomDanmakuPerSecond() { return values.getInteger("roomDanmakuPerSecond"); }
  public int roomDanmakuBurst() { return values.getInteger("roomDanmakuBurst"); }
  public int roomLikesPerSecond() { return values.getInteger("roomLikesPerSecond"); }
  public long roomWriteQueueBytes() { return values.getLong("roomWriteQueueBytes"); }
  public int roomSlowGraceMillis() { return values.getInteger("roomSlowGraceMillis"); }
  public String roomBlockWords() { return values.getString("roomBlockWords"); }
  public String pgUrl() { return values.getString("pgUrl"); }
  public int profileInstances() { return values.getInteger("profileInstances"); }
  public int recDedupSeconds() { return values.getInteger("recDedupSeconds"); }
  public int recSnapshotSeconds() { return values.getInteger("recSnapshotSeconds"); }
  public int pgPoolSize() { return values.getInteger("pgPoolSize"); }
  public String redisUrl() { return values.getString("redisUrl"); }
  public String kafkaBootstrap() { return values.getString("kafkaBootstrap"); }
  public boolean clustered() { return values.getBoolean("cluster"); }
  public String clusterName() { return values.getString("clusterName"); }
  public String clusterHost() { return values.getString("clusterHost"); }
  public int clusterPort() { return values.getInteger("clusterPort"); }
  public String adminPassword() { return values.getString("adminPassword"); }
  public String jwtSecret() { return values.getString("jwtSecret"); }
  public int jwtTtlSeconds() { return values.getInteger("jwtTtlSeconds"); }
  public int shutdownTimeoutSeconds() { return values.getInteger("shutdownTimeoutSeconds"); }

  public List<String> clusterMembers() {
    return Arrays.stream(values.getString("clusterMembers").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** The resolved values (secrets masked), e.g. for logs. */
  public JsonObject toSafeJson() {
    JsonObject copy = values.copy();
    for (String secret : List.of("adminPassword", "jwtSecret")) {
      if (!copy.getString(secret, "").isEmpty()) {
        copy.put(secret, "***");
      }
    }
    copy.put("pgUrl", copy.getString("pgUrl").replaceAll("//([^:/@]+):[^@]*@", "//$1:***@"));
    return copy;
  }
}
