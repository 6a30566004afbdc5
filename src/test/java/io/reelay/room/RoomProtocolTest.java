package io.reelay.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.RoomClient;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The room protocol on one node: ordering, acks, anonymous readers, bad input, rate limits, block words. */
@ExtendWith(SharedServices.class)
class RoomProtocolTest {

  static ReelayNode node;
  static Http http;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start("REELAY_ROOM_BLOCK_WORDS", "spoiler, Forbidden Word");
    url = node.endpoints().httpUrl();
    http = new Http(url);
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  static String newRoom() {
    return "test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static JsonObject danmaku(String id, String text) {
    return new JsonObject().put("type", "danmaku").put("id", id).put("text", text);
  }

  @Test
  void everyClientSeesTheSameOffsetsInTheSameOrder() {
    String room = newRoom();
    List<RoomClient> viewers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      viewers.add(RoomClient.connect(url, room, null));
    }
    viewers.forEach(v -> assertThat(v.welcome().getLong("offset")).isZero());
    RoomClient alice = RoomClient.connect(url, room, http.registerUser("alice").token());
    RoomClient bob = RoomClient.connect(url, room, http.registerUser("bob").token());
    alice.welcome();
    bob.welcome();
    int each = 8; // within the burst: no rate limiting
    List<CompletableFuture<Void>> senders = new ArrayList<>();
    for (RoomClient sender : List.of(alice, bob)) {
      senders.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < each; i++) {
          sender.send(danmaku("m" + i, "hello " + i));
        }
      }));
    }
    senders.forEach(CompletableFuture::join);
    List<Long> acked = new ArrayList<>();
    for (RoomClient sender : List.of(alice, bob)) {
      for (int i = 0; i < each; i++) {
        JsonObject ack = sender.reply("m" + i);
        assertThat(ack.getString("type")).isEqualTo("ack");
        acked.add(ack.getLong("offset"));
      }
    }
    List<Long> expected = LongStream.rangeClosed(1, 2L * each).boxed().toList();
    assertThat(acked).containsExactlyInAnyOrderElementsOf(expected);
    List<JsonObject> first = viewers.get(0).awaitMessages(2 * each);
    assertThat(RoomClient.offsets(first)).containsExactlyElementsOf(expected);
    for (RoomClient viewer : viewers) {
      assertThat(viewer.awaitMessages(2 * each)).isEqualTo(first);
    }
    JsonObject one = first.get(0);
    assertThat(one.getString("kind")).isEqualTo("danmaku");
    assertThat(one.getString("color")).isEqualTo("#ffffff");
    assertThat(one.getString("mode")).isEqualTo("scroll");
    assertThat(one.getJsonObject("user").getString("name")).matches("(alice|bob)-.*");
    assertThat(one.getLong("at")).isPositive();
    // A late joiner is told where the room stands.
    assertThat(RoomClient.connect(url, room, null).welcome().getLong("offset")).isEqualTo(2L * each);
  }

  @Test
  void anonymousViewersReadButCannotSend() {
    String room = newRoom();
    RoomClient anonymous = RoomClient.connect(url, room, null);
    assertThat(anonymous.welcome().getValue("user")).isNull();
    anonymous.send(danmaku("a1", "hi"));
    assertThat(anonymous.reply("a1").getString("code")).isEqualTo("unauthorized");
    RoomClient user = RoomClient.connect(url, room, http.registerUser("carol").token());
    user.welcome();
    user.send(danmaku("u1", "<b>not bold</b>"));
    assertThat(user.reply("u1").getLong("offset")).isEqualTo(1);
    assertThat(anonymous.awaitMessages(1).get(0).getString("text")).isEqualTo("<b>not bold</b>");
  }

  @Test
  void authenticatesWithTheFirstMessage() {
    String room = newRoom();
    Http.User dave = http.registerUser("dave");
    RoomClient client = RoomClient.connect(url, room, null);
    client.welcome();
    client.send(new JsonObject().put("type", "auth").put("id", "t").put("token", dave.token()));
    assertThat(client.reply("t").getJsonObject("user").getLong("id")).isEqualTo(dave.id());
    client.send(danmaku("d", "signed in"));
    assertThat(client.reply("d").getString("type")).isEqualTo("ack");
  }

  @Test
  void anInvalidTokenClosesWith4401() {
    RoomClient client = RoomClient.connect(url, newRoom(), "not-a-token");
    assertThat(client.awaitClose()).isEqualTo((short) 4401);
  }

  @Test
  void malformedMessagesGetClearErrors() {
    RoomClient client = RoomClient.connect(url, newRoom(), http.registerUser("erin").token());
    client.welcome();
    client.sendText("{not json");
    assertThat(client.await("error").getString("code")).isEqualTo("bad_request");
    client.sendText("[1,2,3]");
    assertThat(client.await("error").getString("code")).isEqualTo("bad_request");
    client.send(new JsonObject().put("type", "shout").put("id", "x1"));
    assertThat(client.reply("x1").getString("code")).isEqualTo("unknown_type");
    client.send(danmaku("x2", "a".repeat(201)));
    assertThat(client.reply("x2").getString("code")).isEqualTo("too_long");
    client.send(danmaku("x3", "ok").put("color", "red"));
    assertThat(client.reply("x3").getString("code")).isEqualTo("bad_request");
    client.send(new JsonObject().put("type", "gift").put("id", "x4").put("gift", "rocket"));
    assertThat(client.reply("x4").getString("code")).isEqualTo("bad_request");
    // 200 characters is fine, even when they are outside the BMP (400 UTF-16 units).
    client.send(danmaku("x5", "\uD83D\uDE00".repeat(200)));
    assertThat(client.reply("x5").getString("type")).isEqualTo("ack");
    client.send(new JsonObject().put("type", "ping"));
    assertThat(client.await("pong")).isNotNull();
  }

  @Test
  void binaryFramesCloseWith1003() {
    RoomClient client = RoomClient.connect(url, newRoom(), null);
    client.welcome();
    client.sendBinary(Buffer.buffer(new byte[] {1, 2, 3}));
    assertThat(client.awaitClose()).isEqualTo((short) 1003);
  }

  @Test
  void oversizedFramesCloseWith1009() {
    RoomClient client = RoomClient.connect(url, newRoom(), null);
    client.welcome();
    client.send(danmaku("big", "a".repeat(5000)));
    assertThat(client.awaitClose()).isEqualTo((short) 1009);
  }

  @Test
  void floodingClosesWith1008AndTheServerCarriesOn() {
    String room = newRoom();
    RoomClient flooder = RoomClient.connect(url, room, null);
    flooder.welcome();
    for (int i = 0; i < 500; i++) {
      flooder.send(new JsonObject().put("type", "ping"));
    }
    assertThat(flooder.awaitClose()).isEqualTo((short) 1008);
    RoomClient next = RoomClient.connect(url, room, http.registerUser("frank").token());
    next.welcome();
    next.send(danmaku("n", "still here"));
    assertThat(next.reply("n").getString("type")).isEqualTo("ack");
  }

  @Test
  void danmakuAreRateLimitedPerUser() {
    RoomClient client = RoomClient.connect(url, newRoom(), http.registerUser("gina").token());
    client.welcome();
    for (int i = 0; i < 15; i++) {
      client.send(danmaku("r" + i, "spam " + i));
    }
    int acked = 0;
    int limited = 0;
    for (int i = 0; i < 15; i++) {
      JsonObject reply = client.reply("r" + i);
      if (reply.getString("type").equals("ack")) {
        acked++;
      } else {
        assertThat(reply.getString("code")).isEqualTo("rate_limited");
        assertThat(reply.getLong("retryAfterMs")).isPositive();
        limited++;
      }
    }
    // A burst of 10, plus what refilled at 5/s while the 15 were sent.
    assertThat(acked).isBetween(10, 12);
    assertThat(limited).isEqualTo(15 - acked);
  }

  @Test
  void blockedWordsAreRefusedWhateverTheirCase() {
    RoomClient client = RoomClient.connect(url, newRoom(), http.registerUser("hank").token());
    client.welcome();
    client.send(danmaku("b1", "huge SPOILER ahead"));
    assertThat(client.reply("b1").getString("code")).isEqualTo("blocked");
    client.send(danmaku("b2", "a forbidden word"));
    assertThat(client.reply("b2").getString("code")).isEqualTo("blocked");
    client.send(danmaku("b3", "harmless"));
    assertThat(client.reply("b3").getLong("offset")).isEqualTo(1);
  }

  @Test
  void likesAreCountedPerWindow() {
    String room = newRoom();
    RoomClient viewer = RoomClient.connect(url, room, null);
    viewer.welcome();
    RoomClient liker = RoomClient.connect(url, room, http.registerUser("ivy").token());
    liker.welcome();
    for (int i = 0; i < 5; i++) {
      liker.send(new JsonObject().put("type", "like").put("id", "l" + i));
    }
    for (int i = 0; i < 5; i++) {
      assertThat(liker.reply("l" + i).getString("type")).isEqualTo("ack");
    }
    long total = 0;
    long lastTotal = 0;
    while (total < 5) {
      List<JsonObject> messages = viewer.awaitMessages(1);
      total = messages.stream().filter(m -> m.getString("kind").equals("likes")).mapToLong(m -> m.getLong("count")).sum();
      lastTotal = messages.get(messages.size() - 1).getLong("total");
      if (total < 5) {
        viewer.awaitMessages(messages.size() + 1);
      }
    }
    assertThat(lastTotal).isEqualTo(5);
    assertThat(viewer.messages().size()).isLessThan(5); // batched, not one message per like
  }
}
