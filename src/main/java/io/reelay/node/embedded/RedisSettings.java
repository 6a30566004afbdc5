package io.reelay.node.embedded;

import java.nio.file.Path;

/** redis.conf for a loopback-only, crash-safe embedded server. */
final class RedisSettings {

  private RedisSettings() {
  }

  static String config(Path dir, int port) {
    return String.join("\n",
        "bind 127.0.0.1",
        "port " + port,
        "protected-mode yes",
        "daemonize no",
        "dir " + quote(dir.toString()),
        // Every write reaches the AOF before the reply; fsync once a second bounds OS-crash loss.
        "appendonly yes",
        "appendfsync everysec",
        "appendfilename \"appendonly.aof\"",
        // The AOF is the source of truth; periodic RDB snapshots would only double the disk writes.
        "save \"\"",
        // Sorted sets past 16 members as skip lists: an increment in a packed one (up to 128 by default) scans and
        // moves it, and the recommendation state increments sets of 20-200 members millions of times (ZINCRBY
        // 5.0 -> 3.1 us in bench/recommend/serve.sh) for some more memory per member.
        "zset-max-ziplist-entries 16",
        "proc-title-template \"{title} {listen-addr} {config-file}\"",
        "");
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
