package io.reelay.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.catalog.Video;
import io.reelay.catalog.VideoDraft;
import io.reelay.catalog.Visibility;
import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.RoomClient;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Video rooms: gifts, moderation, presence, danmaku kept by video time, who may join. */
@ExtendWith(SharedServices.class)
class RoomFeaturesTest {

  static ReelayNode node;
  static Http http;
  static String url;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start();
    url = node.endpoints().httpUrl();
    http = new Http(url);
    admin = http.adminToken();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  static Video newVideo(Http.User owner, Visibility visibility) throws Exception {
    return node.catalog().createVideo(owner.id(), new VideoDraft("room test", "", List.of(), visibility))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static void credit(Http.User user, long amount) {
    Http.Response r = http.post("/api/users/" + user.id() + "/balance",
        new JsonObject().put("amount", amount).put("reason", "test"), admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  static long balance(Http.User user) {
    return http.get("/api/users/me/balance", user.token()).json().getLong("balance");
  }

  static JsonObject gift(String id, String type, int count, String key) {
    return new JsonObject().put("type", "gift").put("id", id).put("gift", type).put("count", count).put("key", key);
  }

  @Test
  void theVideoJsonNamesItsRoom() throws Exception {
    Http.User creator = http.registerUser("creator");
    Video video = newVideo(creator, Visibility.PUBLIC);
    assertThat(http.get("/api/videos/" + video.id()).json().getString("roomId")).isEqualTo("v-" + video.id());
  }

  @Test
  void aGiftIsDebitedOnceBroadcastOnceAndAcknowledgedAgainOnRetry() throws Exception {
    Http.User creator = http.registerUser("creator");
    Http.User fan = http.registerUser("fan");
    String room = "v-" + newVideo(creator, Visibility.PUBLIC).id();
    credit(fan, 1000);
    RoomClient viewer = RoomClient.connect(url, room, null);
    viewer.welcome();
    RoomClient sender = RoomClient.connect(url, room, fan.token());
    sender.welcome();
    String key = UUID.randomUUID().toString();
    sender.send(gift("g1", "rocket", 2, key)).send(gift("g2", "rocket", 2, key)); // a retry racing the first
    JsonObject first = sender.reply("g1");
    JsonObject second = sender.reply("g2");
    assertThat(first.getString("type")).as(first.encode()).isEqualTo("ack");
    assertThat(second.getLong("giftId")).isEqualTo(first.getLong("giftId"));
    assertThat(second.getLong("offset")).isEqualTo(first.getLong("offset"));
    assertThat(first.getLong("value")).isEqualTo(200);
    assertThat(first.getLong("balance")).isEqualTo(800);

    // Reconnected, the same key is the same gift.
    sender.close();
    RoomClient again = RoomClient.connect(url, room, fan.token());
    again.welcome();
    again.send(gift("g3", "rocket", 2, key));
    assertThat(again.reply("g3").getLong("giftId")).isEqualTo(first.getLong("giftId"));
    assertThat(balance(fan)).isEqualTo(800);
    assertThat(balance(creator)).isEqualTo(200);

    JsonObject broadcast = viewer.awaitMessages(1).get(0);
    assertThat(broadcast.getString("kind")).isEqualTo("gift");
    assertThat(broadcast.getLong("value")).isEqualTo(200);
    assertThat(broadcast.getJsonObject("user").getLong("id")).isEqualTo(fan.id());
    Thread.sleep(300);
    assertThat(viewer.messages()).hasSize(1);

    again.send(gift("g4", "castle", 1, UUID.randomUUID().toString()));
    assertThat(again.reply("g4").getString("code")).isEqualTo("insufficient_balance");
    again.send(gift("g5", "unicorn", 1, UUID.randomUUID().toString()));
    assertThat(again.reply("g5").getString("code")).isEqualTo("unknown_gift");
    assertThat(balance(fan)).isEqualTo(800);

    JsonArray board = http.get("/api/rooms/" + room + "/gifts/leaderboard").json().getJsonArray("entries");
    assertThat(board.getJsonObject(0).getLong("userId")).isEqualTo(fan.id());
    assertThat(board.getJsonObject(0).getLong("value")).isEqualTo(200);
  }

  @Test
  void aFreeRoomHasNobodyToReceiveGifts() {
    Http.User fan = http.registerUser("fan");
    credit(fan, 10);
    RoomClient sender = RoomClient.connect(url, "free-" + UUID.randomUUID().toString().substring(0, 8), fan.token());
    sender.welcome();
    sender.send(gift("g", "heart", 1, "k"));
    assertThat(sender.reply("g").getString("code")).isEqualTo("no_receiver");
  }

  @Test
  void theCreatorMutesDeletesAndSetsSlowMode() throws Exception {
    Http.User creator = http.registerUser("creator");
    Http.User troll = http.registerUser("troll");
    String room = "v-" + newVideo(creator, Visibility.PUBLIC).id();
    RoomClient mod = RoomClient.connect(url, room, creator.token());
    mod.welcome();
    RoomClient bad = RoomClient.connect(url, room, troll.token());
    bad.welcome();
    bad.send(new JsonObject().put("type", "mute").put("id", "m0").put("userId", creator.id()).put("seconds", 60));
    assertThat(bad.reply("m0").getString("code")).isEqualTo("forbidden");

    bad.send(new JsonObject().put("type", "danmaku").put("id", "d1").put("text", "rude").put("videoTime", 1.0));
    long rude = bad.reply("d1").getLong("offset");
    mod.send(new JsonObject().put("type", "delete").put("id", "m1").put("offset", rude));
    assertThat(mod.reply("m1").getString("type")).isEqualTo("ack");
    mod.send(new JsonObject().put("type", "mute").put("id", "m2").put("userId", troll.id()).put("seconds", 60));
    assertThat(mod.reply("m2").getString("type")).isEqualTo("ack");
    bad.send(new JsonObject().put("type", "danmaku").put("id", "d2").put("text", "again").put("videoTime", 2.0));
    JsonObject muted = bad.reply("d2");
    assertThat(muted.getString("code")).isEqualTo("muted");
    assertThat(muted.getLong("until")).isGreaterThan(System.currentTimeMillis());
    List<JsonObject> seen = bad.awaitMessages(3);
    assertThat(seen.get(1).getString("event")).isEqualTo("deleted");
    assertThat(seen.get(1).getLong("target")).isEqualTo(rude);
    assertThat(seen.get(2).getString("event")).isEqualTo("muted");

    mod.send(new JsonObject().put("type", "unmute").put("id", "m3").put("userId", troll.id()));
    assertThat(mod.reply("m3").getString("type")).isEqualTo("ack");
    mod.send(new JsonObject().put("type", "slowmode").put("id", "m4").put("seconds", 30));
    assertThat(mod.reply("m4").getString("type")).isEqualTo("ack");
    RoomClient newcomer = RoomClient.connect(url, room, http.registerUser("newcomer").token());
    newcomer.welcome();
    newcomer.send(new JsonObject().put("type", "danmaku").put("id", "d3").put("text", "one").put("videoTime", 3.0));
    assertThat(newcomer.reply("d3").getString("type")).isEqualTo("ack");
    newcomer.send(new JsonObject().put("type", "danmaku").put("id", "d4").put("text", "two").put("videoTime", 4.0));
    JsonObject slow = newcomer.reply("d4");
    assertThat(slow.getString("code")).isEqualTo("slow_mode");
    assertThat(slow.getLong("retryAfterMs")).isBetween(1L, 30_000L);
    // Moderators are not slowed down.
    mod.send(new JsonObject().put("type", "danmaku").put("id", "d5").put("text", "a").put("videoTime", 5.0));
    mod.send(new JsonObject().put("type", "danmaku").put("id", "d6").put("text", "b").put("videoTime", 6.0));
    assertThat(mod.reply("d6").getString("type")).isEqualTo("ack");
    mod.send(new JsonObject().put("type", "delete").put("id", "m5").put("offset", 9999));
    assertThat(mod.reply("m5").getString("code")).isEqualTo("not_found");
  }

  @Test
  void videoDanmakuAreKeptByVideoTimeWithoutDeletedOnes() throws Exception {
    Http.User creator = http.registerUser("creator");
    String videoId = newVideo(creator, Visibility.PUBLIC).id();
    RoomClient client = RoomClient.connect(url, "v-" + videoId, creator.token());
    client.welcome();
    double[] times = {30.5, 2.25, 10.0, 11.0};
    for (int i = 0; i < times.length; i++) {
      client.send(new JsonObject().put("type", "danmaku").put("id", "t" + i).put("text", "at " + times[i])
          .put("videoTime", times[i]).put("mode", "top").put("color", "#FFCC00"));
    }
    long[] offsets = new long[times.length];
    for (int i = 0; i < times.length; i++) {
      offsets[i] = client.reply("t" + i).getLong("offset");
    }
    client.send(new JsonObject().put("type", "danmaku").put("id", "bad").put("text", "no time"));
    assertThat(client.reply("bad").getString("code")).isEqualTo("bad_request");
    client.send(new JsonObject().put("type", "delete").put("id", "del").put("offset", offsets[3]));
    assertThat(client.reply("del").getString("type")).isEqualTo("ack");

    JsonArray all = http.get("/api/videos/" + videoId + "/danmaku").json().getJsonArray("danmaku");
    assertThat(all.stream().map(d -> ((JsonObject) d).getDouble("videoTime")).toList()).containsExactly(2.25, 10.0, 30.5);
    JsonObject first = all.getJsonObject(0);
    assertThat(first.getString("text")).isEqualTo("at 2.25");
    assertThat(first.getString("mode")).isEqualTo("top");
    assertThat(first.getString("color")).isEqualTo("#ffcc00");
    JsonArray window = http.get("/api/videos/" + videoId + "/danmaku?from=5&to=20").json().getJsonArray("danmaku");
    assertThat(window).hasSize(1);
    assertThat(http.get("/api/videos/" + videoId + "/danmaku?from=-1").status()).isEqualTo(400);
    assertThat(http.get("/api/videos/nope/danmaku").status()).isEqualTo(404);
  }

  @Test
  void presenceCountsViewersAndTheBusiestRoomsAreListed() {
    String room = "busy-" + UUID.randomUUID().toString().substring(0, 8);
    RoomClient first = RoomClient.connect(url, room, null);
    first.welcome();
    for (int i = 0; i < 3; i++) {
      RoomClient.connect(url, room, null).welcome();
    }
    assertThat(first.await(f -> "presence".equals(f.getString("type")) && f.getLong("online") == 4)).isNotNull();
    // the listing is refreshed periodically: it may first show the room with an older count
    long deadline = System.currentTimeMillis() + 10_000;
    long online;
    do {
      online = http.get("/api/rooms/top?limit=100").json().getJsonArray("rooms").stream()
          .map(JsonObject.class::cast).filter(r -> room.equals(r.getString("room")))
          .mapToLong(r -> r.getLong("online")).findFirst().orElse(-1);
    } while (online != 4 && System.currentTimeMillis() < deadline);
    assertThat(online).isEqualTo(4);
    assertThat(http.get("/api/rooms/top?limit=0").status()).isEqualTo(400);
  }

  @Test
  void privateAndUnknownVideoRoomsAreRefused() throws Exception {
    Http.User creator = http.registerUser("creator");
    String room = "v-" + newVideo(creator, Visibility.PRIVATE).id();
    assertThat(RoomClient.connect(url, room, null).awaitClose()).isEqualTo((short) 4404);
    assertThat(RoomClient.connect(url, room, http.registerUser("other").token()).awaitClose()).isEqualTo((short) 4404);
    assertThat(RoomClient.connect(url, room, creator.token()).welcome().getString("room")).isEqualTo(room);
    assertThat(RoomClient.connect(url, "v-doesnotexist", null).awaitClose()).isEqualTo((short) 4404);
    assertThat(http.get("/ws/rooms/bad%20id").status()).isEqualTo(400);
  }
}
