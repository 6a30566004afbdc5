package io.reelay.node.storage;

import io.vertx.pgclient.PgConnectOptions;
import java.util.Properties;

/**
 * A {@code postgresql://user:pass@host:port/db} URL, turned into what each client needs: the
 * reactive pool's options and Flyway's JDBC URL and properties.
 */
public record PostgresUrl(String url) {

  public PgConnectOptions connectOptions() {
    try {
      return PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(String.valueOf(e.getMessage()), e);
    }
  }

  public String jdbcUrl() {
    PgConnectOptions o = connectOptions();
    return "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }

  public Properties jdbcProperties() {
    PgConnectOptions o = connectOptions();
    Properties props = new Properties();
    props.setProperty("user", o.getUser());
    if (o.getPassword() != null) {
      props.setProperty("password", o.getPassword());
    }
    return props;
  }
}
