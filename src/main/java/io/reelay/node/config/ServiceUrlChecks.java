package io.reelay.node.config;

import io.reelay.node.storage.PostgresUrl;
import java.util.regex.Pattern;

/**
 * Checks the external service URLs and addresses when the configuration loads, so a typo fails at
 * once with the key named instead of after the slow parts of start-up.
 */
final class ServiceUrlChecks {

  private static final Pattern HOST_PORT_LIST = Pattern.compile("[^,\\s:]+:\\d{1,5}(,[^,\\s:]+:\\d{1,5})*");

  private ServiceUrlChecks() {}

  static void require(ReelayConfig config) {
    if (!config.pgUrl().isEmpty()) {
      try {
        new PostgresUrl(config.pgUrl()).connectOptions();
      } catch (IllegalArgumentException e) {
        throw new ConfigException("pgUrl", "not a postgresql://user:pass@host:port/db URL (" + e.getMessage() + ")");
      }
    }
    String redis = config.redisUrl();
    if (!redis.isEmpty() && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
      throw new ConfigException("redisUrl", "not a redis:// or rediss:// URL: " + redis);
    }
    String kafka = config.kafkaBootstrap();
    if (!kafka.isEmpty() && !HOST_PORT_LIST.matcher(kafka).matches()) {
      throw new ConfigException("kafkaBootstrap", "expected host:port[,host:port...], got " + kafka);
    }
    if (config.clusterHost().isBlank()) {
      throw new ConfigException("clusterHost", "must not be empty");
    }
    if (!config.jwtSecret().isEmpty() && config.jwtSecret().length() < 32) {
      throw new ConfigException("jwtSecret", "must be at least 32 characters for HS256");
    }
  }
}
