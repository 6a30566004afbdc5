package io.reelay.node.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder;

/** Server settings for a small, durable, loopback-only PostgreSQL. */
final class PostgresSettings {

  private PostgresSettings() {
  }

  static void apply(Builder builder) {
    // initdb (first start only): a locale independent of the host's LANG and glibc version, so
    // the cluster behaves the same everywhere and indexes never go stale after an OS upgrade;
    // builtin C.UTF-8 still case-maps non-ASCII text (lower('É') = 'é').
    builder
        .setLocaleConfig("locale", "C")
        .setLocaleConfig("locale-provider", "builtin")
        .setLocaleConfig("builtin-locale", "C.UTF-8");
    builder
        .setServerConfig("listen_addresses", "127.0.0.1")
        // No unix socket: /tmp may be shared or noexec, and socket paths have a length limit.
        .setServerConfig("unix_socket_directories", "")
        // zonky passes -F (fsync off) and synchronous_commit=off for test speed; a committed
        // row must survive a crash here, so turn both back on (-c after -F wins).
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("max_connections", "100")
        .setServerConfig("shared_buffers", "32MB")
        .setServerConfig("max_wal_size", "256MB")
        .setServerConfig("max_worker_processes", "4")
        .setServerConfig("max_parallel_workers", "2")
        .setServerConfig("huge_pages", "off")
        .setServerConfig("jit", "off")
        .setServerConfig("log_checkpoints", "off")
        .setServerConfig("timezone", "UTC");
  }
}
