package io.reelay.room.gift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.node.storage.PostgresUrl;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ledger against the real (embedded) PostgreSQL. Every test uses its own users and rooms. */
@ExtendWith(SharedServices.class)
class GiftLedgerTest {

  static Vertx vertx;
  static Pool pg;
  static GiftLedger ledger;
  static long admin;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    // Large enough that concurrent sends really run in concurrent transactions.
    pg = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(16))
        .connectingTo(new PostgresUrl(SharedServices.urls().postgres()).connectOptions())
        .using(vertx)
        .build();
    ledger = new GiftLedger(pg);
    admin = newUser();
  }

  @AfterAll
  static void close() {
    pg.close().await();
    vertx.close().await();
  }

  static long newUser() {
    return pg.preparedQuery("INSERT INTO users (username, password_hash, role) VALUES ($1, 'unused', 'viewer') RETURNING id")
        .execute(Tuple.of(TestNodes.uniqueName("gift"))).await().iterator().next().getLong("id");
  }

  static String newRoom() {
    return TestNodes.uniqueName("s");
  }

  static String newKey() {
    return UUID.randomUUID().toString();
  }

  static long funded(long amount) {
    long user = newUser();
    ledger.credit(user, amount, admin, "test funds").await();
    return user;
  }

  static long giftRows(long senderId) {
    return pg.preparedQuery("SELECT count(*) FROM gifts WHERE sender_id = $1")
        .execute(Tuple.of(senderId)).await().iterator().next().getLong(0);
  }

  static void assertRefused(Supplier<Future<?>> action, String code) {
    assertThatThrownBy(() -> action.get().await()).isInstanceOfSatisfying(GiftException.class,
        e -> assertThat(e.code()).isEqualTo(code));
  }

  /** Runs the actions at once; each one's result or failure, in order. */
  static List<Object> concurrently(List<Supplier<Future<GiftReceipt>>> actions) {
    List<Future<Object>> outcomes = new ArrayList<>();
    actions.forEach(action -> outcomes.add(action.get().<Object>map(r -> r).otherwise(e -> e)));
    Future.all(outcomes).await();
    return outcomes.stream().map(Future::result).toList();
  }

  @Test
  void aGiftDebitsTheSenderAndCreditsTheReceiverOnce() {
    long sender = funded(1000);
    long receiver = newUser();
    GiftReceipt receipt = ledger.send(new GiftOrder(sender, receiver, newRoom(), "rocket", 2, newKey())).await();

    assertThat(receipt.duplicate()).isFalse();
    assertThat(receipt.giftType()).isEqualTo("rocket");
    assertThat(receipt.count()).isEqualTo(2);
    assertThat(receipt.value()).isEqualTo(200);
    assertThat(receipt.senderBalance()).isEqualTo(800);
    assertThat(receipt.epoch()).isNull();
    assertThat(receipt.offset()).isNull();
    assertThat(ledger.balance(sender).await()).isEqualTo(800);
    assertThat(ledger.balance(receiver).await()).isEqualTo(200);
    assertThat(giftRows(sender)).isEqualTo(1);
  }

  @Test
  void aGiftTheBalanceDoesNotCoverChangesNothingAndItsKeyStaysUsable() {
    long sender = funded(99);
    long receiver = newUser();
    GiftOrder order = new GiftOrder(sender, receiver, newRoom(), "rocket", 1, newKey());

    assertRefused(() -> ledger.send(order), GiftException.INSUFFICIENT_BALANCE);
    assertThat(ledger.balance(sender).await()).isEqualTo(99);
    assertThat(ledger.balance(receiver).await()).isZero();
    assertThat(giftRows(sender)).isZero();

    ledger.credit(sender, 1, admin, "top up").await();
    GiftReceipt receipt = ledger.send(order).await();
    assertThat(receipt.duplicate()).isFalse();
    assertThat(receipt.senderBalance()).isZero();
    assertThat(ledger.balance(receiver).await()).isEqualTo(100);
  }

  @Test
  void aSenderWithoutAnyBalanceCannotGive() {
    long sender = newUser();
    assertRefused(() -> ledger.send(new GiftOrder(sender, newUser(), newRoom(), "heart", 1, newKey())),
        GiftException.INSUFFICIENT_BALANCE);
    assertThat(giftRows(sender)).isZero();
  }

  @Test
  void concurrentRetriesWithOneKeyMakeOneGiftAndOneDebit() {
    long sender = funded(1000);
    long receiver = newUser();
    GiftOrder order = new GiftOrder(sender, receiver, newRoom(), "star", 3, newKey());
    List<Supplier<Future<GiftReceipt>>> retries = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      retries.add(() -> ledger.send(order));
    }

    List<GiftReceipt> receipts = concurrently(retries).stream().map(GiftReceipt.class::cast).toList();

    assertThat(receipts).extracting(GiftReceipt::giftId).containsOnly(receipts.get(0).giftId());
    assertThat(receipts).filteredOn(r -> !r.duplicate()).hasSize(1);
    assertThat(receipts).extracting(GiftReceipt::value).containsOnly(30L);
    assertThat(giftRows(sender)).isEqualTo(1);
    assertThat(ledger.balance(sender).await()).isEqualTo(970);
    assertThat(ledger.balance(receiver).await()).isEqualTo(30);
  }

  @Test
  void aLaterRetryIsAcknowledgedWithTheOriginalGiftEvenIfItDiffers() {
    long sender = funded(1000);
    long receiver = newUser();
    String key = newKey();
    String room = newRoom();
    GiftReceipt original = ledger.send(new GiftOrder(sender, receiver, room, "rocket", 1, key)).await();

    GiftReceipt retry = ledger.send(new GiftOrder(sender, receiver, room, "castle", 1, key)).await();

    assertThat(retry).isEqualTo(new GiftReceipt(original.giftId(), true, room, "rocket", 1, 100, 900, null, null));
    assertThat(ledger.balance(sender).await()).isEqualTo(900);
    assertThat(giftRows(sender)).isEqualTo(1);
  }

  @Test
  void theSameKeyFromAnotherSenderIsAnotherGift() {
    long first = funded(10);
    long second = funded(10);
    long receiver = newUser();
    String key = newKey();
    String room = newRoom();

    GiftReceipt a = ledger.send(new GiftOrder(first, receiver, room, "heart", 1, key)).await();
    GiftReceipt b = ledger.send(new GiftOrder(second, receiver, room, "heart", 1, key)).await();

    assertThat(a.duplicate()).isFalse();
    assertThat(b.duplicate()).isFalse();
    assertThat(b.giftId()).isNotEqualTo(a.giftId());
    assertThat(ledger.balance(receiver).await()).isEqualTo(2);
  }

  @Test
  void concurrentGiftsNeverOverdrawABalance() {
    long sender = funded(50);
    long receiver = newUser();
    String room = newRoom();
    List<Supplier<Future<GiftReceipt>>> gifts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      gifts.add(() -> ledger.send(new GiftOrder(sender, receiver, room, "star", 1, newKey())));
    }

    List<Object> outcomes = concurrently(gifts);

    assertThat(outcomes).filteredOn(GiftReceipt.class::isInstance).hasSize(5);
    assertThat(outcomes).filteredOn(o -> !(o instanceof GiftReceipt)).hasSize(3)
        .allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(GiftException.class,
            e -> assertThat(e.code()).isEqualTo(GiftException.INSUFFICIENT_BALANCE)));
    assertThat(ledger.balance(sender).await()).isZero();
    assertThat(ledger.balance(receiver).await()).isEqualTo(50);
    assertThat(giftRows(sender)).isEqualTo(5);
  }

  @Test
  void giftsBothWaysBetweenTwoUsersAtOnceAllSucceed() {
    long alice = funded(1000);
    long bob = funded(1000);
    String room = newRoom();
    List<Supplier<Future<GiftReceipt>>> gifts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      gifts.add(() -> ledger.send(new GiftOrder(alice, bob, room, "star", 1, newKey())));
      gifts.add(() -> ledger.send(new GiftOrder(bob, alice, room, "heart", 1, newKey())));
    }

    assertThat(concurrently(gifts)).allMatch(GiftReceipt.class::isInstance);
    assertThat(ledger.balance(alice).await()).isEqualTo(1000 - 100 + 10);
    assertThat(ledger.balance(bob).await()).isEqualTo(1000 + 100 - 10);
  }

  @Test
  void malformedOrdersAreRefusedBeforeAnythingIsWritten() {
    long sender = funded(10_000);
    long receiver = newUser();
    String room = newRoom();
    assertRefused(() -> ledger.send(new GiftOrder(sender, receiver, room, "diamond", 1, newKey())),
        GiftException.UNKNOWN_GIFT);
    assertRefused(() -> ledger.send(new GiftOrder(sender, receiver, room, "heart", 0, newKey())),
        GiftException.BAD_REQUEST);
    assertRefused(() -> ledger.send(new GiftOrder(sender, receiver, room, "heart", 1000, newKey())),
        GiftException.BAD_REQUEST);
    assertRefused(() -> ledger.send(new GiftOrder(sender, receiver, room, "heart", 1, "")),
        GiftException.BAD_REQUEST);
    assertRefused(() -> ledger.send(new GiftOrder(sender, receiver, room, "heart", 1, "k".repeat(65))),
        GiftException.BAD_REQUEST);
    assertRefused(() -> ledger.send(new GiftOrder(sender, receiver, "no/such room", "heart", 1, newKey())),
        GiftException.BAD_REQUEST);
    assertThat(giftRows(sender)).isZero();

    GiftReceipt largest = ledger.send(new GiftOrder(sender, receiver, room, "heart", 999, "k".repeat(64))).await();
    assertThat(largest.value()).isEqualTo(999);
  }

  @Test
  void giftsToOneselfOrToNobodyAreRefused() {
    long sender = funded(100);
    assertRefused(() -> ledger.send(new GiftOrder(sender, sender, newRoom(), "heart", 1, newKey())),
        GiftException.NO_RECEIVER);
    assertRefused(() -> ledger.send(new GiftOrder(sender, Long.MAX_VALUE, newRoom(), "heart", 1, newKey())),
        GiftException.NO_RECEIVER);
    assertThat(giftRows(sender)).isZero();
    assertThat(ledger.balance(sender).await()).isEqualTo(100);
  }

  @Test
  void theLeaderboardRanksARoomsSendersByTotalValue() {
    long small = funded(10_000);
    long big = funded(10_000);
    long middle = funded(10_000);
    long receiver = newUser();
    String room = newRoom();
    ledger.send(new GiftOrder(small, receiver, room, "heart", 5, newKey())).await();
    ledger.send(new GiftOrder(big, receiver, room, "rocket", 2, newKey())).await();
    ledger.send(new GiftOrder(big, receiver, room, "star", 1, newKey())).await();
    ledger.send(new GiftOrder(middle, receiver, room, "star", 3, newKey())).await();
    ledger.send(new GiftOrder(small, receiver, newRoom(), "castle", 1, newKey())).await(); // another room

    List<LeaderboardEntry> top = ledger.leaderboard(room, 10).await();

    assertThat(top).extracting(LeaderboardEntry::userId).containsExactly(big, middle, small);
    assertThat(top.get(0).value()).isEqualTo(210);
    assertThat(top.get(0).gifts()).isEqualTo(3);
    assertThat(top.get(0).username()).startsWith("gift-");
    assertThat(top.get(2).value()).isEqualTo(5);
    assertThat(ledger.leaderboard(room, 1).await()).extracting(LeaderboardEntry::userId).containsExactly(big);
    assertThat(ledger.leaderboard(newRoom(), 10).await()).isEmpty();
    assertRefused(() -> ledger.leaderboard(room, 0), GiftException.BAD_REQUEST);
    assertRefused(() -> ledger.leaderboard(room, 101), GiftException.BAD_REQUEST);
  }

  @Test
  void theFirstRecordedBroadcastStaysAndRetriesSeeIt() {
    long sender = funded(100);
    GiftOrder order = new GiftOrder(sender, newUser(), newRoom(), "heart", 1, newKey());
    GiftReceipt sent = ledger.send(order).await();

    ledger.recordBroadcast(sent.giftId(), "Yk2d9Q", 43).await();
    ledger.recordBroadcast(sent.giftId(), "other", 99).await();

    GiftReceipt retry = ledger.send(order).await();
    assertThat(retry.duplicate()).isTrue();
    assertThat(retry.epoch()).isEqualTo("Yk2d9Q");
    assertThat(retry.offset()).isEqualTo(43L);
    assertRefused(() -> ledger.recordBroadcast(Long.MAX_VALUE, "Yk2d9Q", 1), GiftException.NOT_FOUND);
  }

  @Test
  void creditsAreAuditedAndCheckTheirInput() {
    long user = newUser();
    assertThat(ledger.balance(user).await()).isZero();
    assertThat(ledger.credit(user, 500, admin, "welcome bonus").await()).isEqualTo(500);
    assertThat(ledger.credit(user, 250, admin, "contest prize").await()).isEqualTo(750);
    assertThat(ledger.balance(user).await()).isEqualTo(750);
    List<String> audit = new ArrayList<>();
    pg.preparedQuery("SELECT amount, admin_id, reason FROM balance_credits WHERE user_id = $1 ORDER BY id")
        .execute(Tuple.of(user)).await()
        .forEach(row -> audit.add(row.getLong("amount") + " " + (row.getLong("admin_id") == admin) + " "
            + row.getString("reason")));
    assertThat(audit).containsExactly("500 true welcome bonus", "250 true contest prize");

    assertRefused(() -> ledger.credit(Long.MAX_VALUE, 5, admin, "nobody"), GiftException.NOT_FOUND);
    assertRefused(() -> ledger.credit(user, 0, admin, "nothing"), GiftException.BAD_REQUEST);
    assertRefused(() -> ledger.credit(user, GiftLedger.MAX_CREDIT + 1, admin, "too much"), GiftException.BAD_REQUEST);
    assertRefused(() -> ledger.credit(user, 5, admin, " "), GiftException.BAD_REQUEST);
    assertThat(ledger.balance(user).await()).isEqualTo(750);
  }
}
