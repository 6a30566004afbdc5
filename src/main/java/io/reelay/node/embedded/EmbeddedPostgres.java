package io.reelay.node.embedded;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server (zonky binaries) whose cluster lives in {@code <dataDir>/postgres} and
 * persists across restarts. Running as root works because zonky launches initdb/pg_ctl under
 * {@code unshare -U} when available (postgres refuses to run as uid 0).
 */
final class EmbeddedPostgres implements AutoCloseable {

  private static final String DATABASE = "reelay";
  private static final String SUPERUSER = "postgres";

  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
  private final int port;

  private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
    this.server = server;
    this.port = server.getPort();
  }

  /** Starts the server, running initdb only on first use of the directory, and ensures the db. */
  static EmbeddedPostgres start(Path dataDir) throws IOException, SQLException {
    requireRunnableAsCurrentUser();
    Path pgData = dataDir.resolve("postgres").toAbsolutePath().normalize();
    // A postmaster from a SIGKILLed JVM still owns the cluster; its command line carries "-D pgData".
    StaleProcess.stopIfRunning(pgData.resolve("postmaster.pid"), "postgres", pgData.toString(), Duration.ofSeconds(10));
    File log = dataDir.resolve("postgres.log").toFile();
    var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        // Binaries next to the data instead of /tmp, where tmp cleaners could remove parts of them.
        .setOverrideWorkingDirectory(BinDir.of(dataDir, "postgres").toFile())
        .setPort(FreePort.pick())
        // Generous: after a crash, startup includes WAL recovery.
        .setPGStartupWait(Duration.ofSeconds(60))
        // Server output goes to a file (not into PGDATA: initdb wants it empty) so it survives, and
        // never blocks on, a JVM that went away.
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log));
    PostgresSettings.apply(builder);
    EmbeddedPostgres postgres = new EmbeddedPostgres(builder.start());
    try {
      postgres.ensureDatabase();
    } catch (SQLException | RuntimeException e) {
      postgres.close();
      throw e;
    }
    return postgres;
  }

  /** Turns initdb's late "cannot be run as root" into an upfront, actionable error. */
  private static void requireRunnableAsCurrentUser() throws IOException {
    Path self = Path.of("/proc/self");
    boolean root = Files.exists(self) && Integer.valueOf(0).equals(Files.getAttribute(self, "unix:uid"));
    if (root && !LinuxUtils.isUnshareAvailable()) {
      throw new IOException("PostgreSQL refuses to run as root and 'unshare -U' (user namespaces) is not "
          + "available here; run the node as a non-root user or configure an external PostgreSQL");
    }
  }

  /** URL in the form the app parses; trust auth on loopback, so no password. */
  String url() {
    return "postgresql://" + SUPERUSER + "@127.0.0.1:" + port + "/" + DATABASE;
  }

  private void ensureDatabase() throws SQLException {
    try (Connection c = server.getPostgresDatabase().getConnection();
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
    }
  }

  /** Fast shutdown (pg_ctl -m fast): aborts sessions, checkpoints, exits. Idempotent. */
  @Override
  public void close() throws IOException {
    server.close();
  }
}
