package io.reelay.node.auth;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** The {@code users} table. */
final class UserStore {

  record StoredUser(long id, String username, String passwordHash, Role role) {}

  /** Thrown when the username is taken. */
  static final class UsernameTaken extends RuntimeException {
    UsernameTaken() {
      super(null, null, false, false);
    }
  }

  private final Pool pg;

  UserStore(Pool pg) {
    this.pg = pg;
  }

  Future<Optional<StoredUser>> find(String username) {
    return pg.preparedQuery("SELECT id, username, password_hash, role FROM users WHERE username = $1")
        .execute(Tuple.of(username))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toUser(rows.iterator().next())));
  }

  Future<StoredUser> insert(String username, String passwordHash, Role role) {
    return pg.preparedQuery(
            "INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3) RETURNING id")
        .execute(Tuple.of(username, passwordHash, role.id()))
        .map(rows -> new StoredUser(rows.iterator().next().getLong("id"), username, passwordHash, role))
        .recover(e -> e instanceof PgException pe && "23505".equals(pe.getSqlState())
            ? Future.failedFuture(new UsernameTaken())
            : Future.failedFuture(e));
  }

  /** True when this call created the user; false when it already existed (e.g. another node won). */
  Future<Boolean> insertIfAbsent(String username, String passwordHash, Role role) {
    return pg.preparedQuery("INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3) "
            + "ON CONFLICT (username) DO NOTHING")
        .execute(Tuple.of(username, passwordHash, role.id()))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> exists(String username) {
    return pg.preparedQuery("SELECT 1 FROM users WHERE username = $1")
        .execute(Tuple.of(username))
        .map(rows -> rows.size() > 0);
  }

  private static StoredUser toUser(Row row) {
    return new StoredUser(row.getLong("id"), row.getString("username"),
        row.getString("password_hash"), Role.fromId(row.getString("role")));
  }
}
