package io.reelay.room.gift;

import io.reelay.node.RoomIds;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Objects;

/**
 * Gifts and balances in PostgreSQL. A gift is recorded, the sender debited and the receiver
 * credited in one transaction, and the sender's idempotency key makes retries of a gift
 * (concurrent or later, from any node) return the one committed gift instead of a second one.
 * Failures the client should see are {@link GiftException}s. Safe to share between verticles.
 */
public final class GiftLedger {

  public static final long MAX_CREDIT = 1_000_000_000_000L;
  public static final int MAX_LEADERBOARD = 100;
  public static final int MAX_REASON_LENGTH = 200;

  private static final String FOREIGN_KEY_VIOLATION = "23503";
  private static final String OUT_OF_RANGE = "22003";
  private static final String RECEIVER_FK = "gifts_receiver_fk";

  private final Pool pg;
  private final GiftCatalog catalog = GiftCatalog.STANDARD;
  private final GiftStore gifts = new GiftStore();
  private final BalanceStore balances = new BalanceStore();

  public GiftLedger(Pool pg) {
    this.pg = pg;
  }

  public GiftCatalog catalog() {
    return catalog;
  }

  /**
   * Sends a gift, or acknowledges it again when the sender already used the order's key. The key
   * wins: a retry whose type, count, room or receiver differ from the original still gets the
   * original gift (flagged {@code duplicate}) and changes nothing. The order itself is validated
   * first, so a malformed retry is refused even if its key was used.
   */
  public Future<GiftReceipt> send(GiftOrder order) {
    GiftType type;
    try {
      type = order.validate(catalog);
    } catch (GiftException e) {
      return Future.failedFuture(e);
    }
    return pg.withTransaction(conn -> gifts.insert(conn, order, type).compose(inserted -> inserted.isPresent()
            ? settle(conn, order, type, inserted.get())
            : gifts.findByKey(conn, order.senderId(), order.idempotencyKey()).map(found -> found.orElseThrow(
                // Read committed: the conflicting row is committed, so this statement's snapshot sees it.
                () -> new IllegalStateException("gift key conflict without a committed gift")))))
        .recover(e -> Future.failedFuture(isPgError(e, FOREIGN_KEY_VIOLATION, RECEIVER_FK)
            ? new GiftException(GiftException.NO_RECEIVER, "no user " + order.receiverId() + " to receive the gift")
            : e));
  }

  /** Moves the new gift's value from the sender to the receiver; fails (rolling back) when the sender cannot pay. */
  private Future<GiftReceipt> settle(SqlConnection conn, GiftOrder order, GiftType type, long giftId) {
    long value = type.valueOf(order.count());
    long sender = order.senderId();
    long receiver = order.receiverId();
    // Balance rows are locked in user-id order, so gifts both ways between two users never deadlock.
    Future<Long> senderBalance = sender < receiver
        ? debit(conn, sender, value).compose(left -> balances.add(conn, receiver, value).map(left))
        : balances.add(conn, receiver, value).compose(ignored -> debit(conn, sender, value));
    return senderBalance.map(left -> new GiftReceipt(giftId, false, order.roomId(), type.id(), order.count(), value, left, null, null));
  }

  private Future<Long> debit(SqlConnection conn, long userId, long value) {
    return balances.debit(conn, userId, value).compose(left -> left.isPresent() ? Future.succeededFuture(left.get())
        : Future.failedFuture(new GiftException(GiftException.INSUFFICIENT_BALANCE,
            "the balance does not cover a gift worth " + value)));
  }

  /**
   * Records where the room broadcast the gift. Only the first call counts: a gift re-broadcast after
   * a failover keeps the offset clients first saw.
   */
  public Future<Void> recordBroadcast(long giftId, String epoch, long offset) {
    Objects.requireNonNull(epoch, "epoch");
    return gifts.recordBroadcast(pg, giftId, epoch, offset).compose(found -> found ? Future.succeededFuture()
        : Future.failedFuture(new GiftException(GiftException.NOT_FOUND, "no gift " + giftId)));
  }

  /** The user's spendable balance; 0 for a user who never had one. */
  public Future<Long> balance(long userId) {
    return balances.read(pg, userId);
  }

  /** Adds {@code amount} to the user's balance on an admin's behalf, with an audit row; the new balance. */
  public Future<Long> credit(long userId, long amount, long adminId, String reason) {
    if (amount < 1 || amount > MAX_CREDIT) {
      return Future.failedFuture(new GiftException(GiftException.BAD_REQUEST, "amount must be 1 to " + MAX_CREDIT));
    }
    if (reason == null || reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
      return Future.failedFuture(new GiftException(GiftException.BAD_REQUEST,
          "reason must be 1 to " + MAX_REASON_LENGTH + " characters"));
    }
    return pg.withTransaction(conn -> balances.add(conn, userId, amount)
            .compose(total -> balances.auditCredit(conn, userId, amount, adminId, reason).map(total)))
        .recover(e -> {
          if (isPgError(e, FOREIGN_KEY_VIOLATION, BalanceStore.USER_FK)) {
            return Future.failedFuture(new GiftException(GiftException.NOT_FOUND, "no user " + userId));
          }
          if (isPgError(e, OUT_OF_RANGE, null)) {
            return Future.failedFuture(new GiftException(GiftException.BAD_REQUEST, "the balance would overflow"));
          }
          return Future.failedFuture(e);
        });
  }

  /** The room's top senders by total gift value. */
  public Future<List<LeaderboardEntry>> leaderboard(String roomId, int limit) {
    if (!RoomIds.valid(roomId)) {
      return Future.failedFuture(new GiftException(GiftException.BAD_REQUEST, "malformed room id"));
    }
    if (limit < 1 || limit > MAX_LEADERBOARD) {
      return Future.failedFuture(new GiftException(GiftException.BAD_REQUEST, "limit must be 1 to " + MAX_LEADERBOARD));
    }
    return gifts.leaderboard(pg, roomId, limit);
  }

  /** True for a PostgreSQL error with this SQL state (and, when given, this constraint). */
  private static boolean isPgError(Throwable e, String sqlState, String constraint) {
    return e instanceof PgException pg && sqlState.equals(pg.getSqlState())
        && (constraint == null || constraint.equals(pg.getConstraint()));
  }
}
