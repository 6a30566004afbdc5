package io.reelay.room.gift;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code gifts} table. Methods take the client to run on, so the same statement serves alone
 * (the pool) or inside a transaction (its connection).
 */
final class GiftStore {

  /**
   * Records a new gift; its id, or empty when the sender already used the key. A concurrent
   * transaction inserting the same key makes this statement wait for it to end: empty if it
   * committed, a new row if it rolled back.
   */
  Future<Optional<Long>> insert(SqlClient sql, GiftOrder order, GiftType type) {
    return sql.preparedQuery("INSERT INTO gifts (sender_id, receiver_id, room_id, gift_type, count, unit_value, value, "
            + "idempotency_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
            + "ON CONFLICT (sender_id, idempotency_key) DO NOTHING RETURNING id")
        .execute(Tuple.from(List.of(order.senderId(), order.receiverId(), order.roomId(), type.id(), order.count(),
            type.unitValue(), type.valueOf(order.count()), order.idempotencyKey())))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("id")));
  }

  /** The sender's gift with this key as a duplicate receipt, with the sender's current balance. */
  Future<Optional<GiftReceipt>> findByKey(SqlClient sql, long senderId, String key) {
    return sql.preparedQuery("SELECT g.id, g.room_id, g.gift_type, g.count, g.value, g.room_epoch, g.room_offset, "
            + "COALESCE(b.balance, 0) AS balance FROM gifts g LEFT JOIN balances b ON b.user_id = g.sender_id "
            + "WHERE g.sender_id = $1 AND g.idempotency_key = $2")
        .execute(Tuple.of(senderId, key))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toDuplicate(rows.iterator().next())));
  }

  /**
   * Sets where the room broadcast the gift unless that was set before (the first broadcast is the
   * one clients saw). False when there is no such gift.
   */
  Future<Boolean> recordBroadcast(SqlClient sql, long giftId, String epoch, long offset) {
    // Every SET expression sees the row as it was, so both columns keep their values once set.
    return sql.preparedQuery("UPDATE gifts SET room_epoch = CASE WHEN room_offset IS NULL THEN $2 ELSE room_epoch END, "
            + "room_offset = COALESCE(room_offset, $3) WHERE id = $1")
        .execute(Tuple.of(giftId, epoch, offset))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The room's senders by the total value they gave, highest first (ties: the earlier user first). */
  Future<List<LeaderboardEntry>> leaderboard(SqlClient sql, String roomId, int limit) {
    return sql.preparedQuery("SELECT g.sender_id, u.username, SUM(g.value)::bigint AS total, SUM(g.count)::bigint AS gifts "
            + "FROM gifts g JOIN users u ON u.id = g.sender_id WHERE g.room_id = $1 "
            + "GROUP BY g.sender_id, u.username ORDER BY total DESC, g.sender_id LIMIT $2")
        .execute(Tuple.of(roomId, limit))
        .map(GiftStore::toEntries);
  }

  private static GiftReceipt toDuplicate(Row row) {
    return new GiftReceipt(row.getLong("id"), true, row.getString("room_id"), row.getString("gift_type"), row.getInteger("count"),
        row.getLong("value"), row.getLong("balance"), row.getString("room_epoch"), row.getLong("room_offset"));
  }

  private static List<LeaderboardEntry> toEntries(RowSet<Row> rows) {
    List<LeaderboardEntry> entries = new ArrayList<>();
    rows.forEach(row -> entries.add(new LeaderboardEntry(row.getLong("sender_id"), row.getString("username"),
        row.getLong("total"), row.getLong("gifts"))));
    return entries;
  }
}
