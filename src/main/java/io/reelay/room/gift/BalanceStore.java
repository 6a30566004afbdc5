package io.reelay.room.gift;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** The {@code balances} table and the audit of admin credits. A user without a row has 0. */
final class BalanceStore {

  /** The name of the foreign key from a balance to its user: violated when the user does not exist. */
  static final String USER_FK = "balances_user_fk";

  Future<Long> read(SqlClient sql, long userId) {
    return sql.preparedQuery("SELECT balance FROM balances WHERE user_id = $1")
        .execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("balance"));
  }

  /** Takes {@code amount} if the balance covers it; the new balance, or empty when it does not. */
  Future<Optional<Long>> debit(SqlClient sql, long userId, long amount) {
    // The row lock makes a concurrent debit re-check the condition against the balance it left.
    return sql.preparedQuery("UPDATE balances SET balance = balance - $2, updated_at = now() "
            + "WHERE user_id = $1 AND balance >= $2 RETURNING balance")
        .execute(Tuple.of(userId, amount))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("balance")));
  }

  /** Adds {@code amount}, creating the row if needed; the new balance. */
  Future<Long> add(SqlClient sql, long userId, long amount) {
    return sql.preparedQuery("INSERT INTO balances (user_id, balance) VALUES ($1, $2) ON CONFLICT (user_id) "
            + "DO UPDATE SET balance = balances.balance + EXCLUDED.balance, updated_at = now() RETURNING balance")
        .execute(Tuple.of(userId, amount))
        .map(rows -> rows.iterator().next().getLong("balance"));
  }

  Future<Void> auditCredit(SqlClient sql, long userId, long amount, long adminId, String reason) {
    return sql.preparedQuery("INSERT INTO balance_credits (user_id, amount, admin_id, reason) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(userId, amount, adminId, reason))
        .mapEmpty();
  }
}
