package io.reelay.room.gift;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gift HTTP API on a real node. */
@ExtendWith(SharedServices.class)
class GiftRoutesTest {

  static ReelayNode node;
  static Http http;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start();
    http = new Http(node.endpoints().httpUrl());
    admin = http.adminToken();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  static Http.Response credit(long userId, Object amount, String token) {
    return http.post("/api/users/" + userId + "/balance", new JsonObject().put("amount", amount).put("reason", "test"),
        token);
  }

  static void assertError(Http.Response response, int status, String error) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.json().getString("error")).isEqualTo(error);
    assertThat(response.json().getString("message")).isNotBlank();
  }

  @Test
  void theCatalogIsPublic() {
    Http.Response r = http.get("/api/gifts");
    assertThat(r.status()).isEqualTo(200);
    JsonArray gifts = r.json().getJsonArray("gifts");
    assertThat(gifts).contains(new JsonObject().put("id", "heart").put("value", 1),
        new JsonObject().put("id", "rocket").put("value", 100));
    assertThat(r.json().getInteger("maxCount")).isEqualTo(999);
  }

  @Test
  void aSignedInUserSeesTheirBalance() {
    Http.User user = http.registerUser("giftbal");
    Http.Response r = http.get("/api/users/me/balance", user.token());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).isEqualTo(new JsonObject().put("userId", user.id()).put("balance", 0));

    assertError(http.get("/api/users/me/balance"), 401, "unauthorized");
  }

  @Test
  void onlyAdminsCreditBalances() {
    Http.User user = http.registerUser("giftcredit");
    Http.Response credited = credit(user.id(), 500, admin);
    assertThat(credited.status()).as(credited.body()).isEqualTo(200);
    assertThat(credited.json()).isEqualTo(new JsonObject().put("userId", user.id()).put("balance", 500));
    assertThat(http.get("/api/users/me/balance", user.token()).json().getLong("balance")).isEqualTo(500);

    assertError(credit(user.id(), 500, user.token()), 403, "forbidden");
    assertError(credit(user.id(), 500, null), 401, "unauthorized");
    assertThat(http.get("/api/users/me/balance", user.token()).json().getLong("balance")).isEqualTo(500);
  }

  @Test
  void badCreditsAreRefused() {
    Http.User user = http.registerUser("giftbad");
    assertError(credit(Long.MAX_VALUE, 5, admin), 404, "not_found");
    assertError(credit(user.id(), 0, admin), 400, "bad_request");
    assertError(credit(user.id(), "5", admin), 400, "bad_request");
    assertError(credit(user.id(), 2.5, admin), 400, "bad_request");
    assertError(http.post("/api/users/abc/balance", new JsonObject().put("amount", 5).put("reason", "x"), admin),
        400, "bad_request");
    assertError(http.post("/api/users/" + user.id() + "/balance", new JsonObject().put("amount", 5), admin),
        400, "bad_request");
    assertError(http.post("/api/users/" + user.id() + "/balance", "not json", admin), 400, "bad_request");
    assertThat(http.get("/api/users/me/balance", user.token()).json().getLong("balance")).isZero();
  }

  @Test
  void theLeaderboardListsARoomsTopSenders() {
    GiftLedger ledger = new GiftLedger(node.storage().pg());
    Http.User creator = http.registerUser("giftcreator");
    Http.User fan = http.registerUser("giftfan");
    Http.User superfan = http.registerUser("giftsuper");
    String room = TestNodes.uniqueName("s");
    credit(fan.id(), 1000, admin);
    credit(superfan.id(), 5000, admin);
    ledger.send(new GiftOrder(fan.id(), creator.id(), room, "star", 2, UUID.randomUUID().toString())).await();
    ledger.send(new GiftOrder(superfan.id(), creator.id(), room, "castle", 1, UUID.randomUUID().toString())).await();

    Http.Response r = http.get("/api/rooms/" + room + "/gifts/leaderboard");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json()).isEqualTo(new JsonObject().put("room", room).put("entries", new JsonArray()
        .add(new JsonObject().put("userId", superfan.id()).put("username", superfan.name()).put("value", 1000).put("gifts", 1))
        .add(new JsonObject().put("userId", fan.id()).put("username", fan.name()).put("value", 20).put("gifts", 2))));
    assertThat(http.get("/api/rooms/" + room + "/gifts/leaderboard?limit=1").json().getJsonArray("entries")).hasSize(1);
    assertThat(http.get("/api/users/me/balance", creator.token()).json().getLong("balance")).isEqualTo(1020);

    assertError(http.get("/api/rooms/" + room + "/gifts/leaderboard?limit=0"), 400, "bad_request");
    assertError(http.get("/api/rooms/" + room + "/gifts/leaderboard?limit=ten"), 400, "bad_request");
    assertError(http.get("/api/rooms/a.b/gifts/leaderboard"), 400, "bad_request");
  }
}
