package io.reelay.node.storage;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies {@code db/migration} with Flyway. Blocking: runs during start-up before any verticle.
 * Flyway's lock table makes concurrent starts of several nodes safe.
 */
public final class Migrations {

  private Migrations() {}

  public static int apply(PostgresUrl url) {
    var props = url.jdbcProperties();
    MigrateResult result = Flyway.configure()
        .dataSource(url.jdbcUrl(), props.getProperty("user"), props.getProperty("password"))
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return result.migrationsExecuted;
  }
}
