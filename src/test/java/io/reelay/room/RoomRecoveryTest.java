package io.reelay.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.RoomClient;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Resuming after a dropped connection, with and without history coverage, and slow clients. */
@ExtendWith(SharedServices.class)
class RoomRecoveryTest {

  static final int HISTORY = 20;
  static ReelayNode node;
  static Http http;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start(
        "REELAY_ROOM_HISTORY_SIZE", Integer.toString(HISTORY),
        "REELAY_ROOM_DANMAKU_PER_SECOND", "100000",
        "REELAY_ROOM_DANMAKU_BURST", "100000",
        "REELAY_ROOM_WRITE_QUEUE_BYTES", "16KiB",
        "REELAY_ROOM_SLOW_GRACE_MILLIS", "1000");
    url = node.endpoints().httpUrl();
    http = new Http(url);
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  static String newRoom() {
    return "rec-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Sends n danmaku and waits for their acks; returns the acked offsets. */
  static List<Long> sendAll(RoomClient sender, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      sender.send(new JsonObject().put("type", "danmaku").put("id", prefix + i).put("text", prefix + " " + i));
    }
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      offsets.add(sender.reply(prefix + i).getLong("offset"));
    }
    return offsets;
  }

  @Test
  void resumeReplaysWhatWasMissedThenGoesLive() {
    String room = newRoom();
    RoomClient sender = RoomClient.connect(url, room, http.registerUser("sender").token());
    sender.welcome();
    RoomClient viewer = RoomClient.connect(url, room, null);
    String epoch = viewer.welcome().getString("epoch");
    sendAll(sender, "a", 5);
    assertThat(RoomClient.offsets(viewer.awaitMessages(5))).containsExactly(1L, 2L, 3L, 4L, 5L);
    viewer.close();
    sendAll(sender, "b", 6); // offsets 6-11, missed

    RoomClient back = RoomClient.connect(url, room, null);
    assertThat(back.welcome().getLong("offset")).isEqualTo(11);
    back.send(new JsonObject().put("type", "resume").put("id", "r").put("offset", 5).put("epoch", epoch));
    JsonObject resumed = back.reply("r");
    assertThat(resumed.getBoolean("recovered")).isTrue();
    assertThat(resumed.getLong("offset")).isEqualTo(11);
    sendAll(sender, "c", 2); // live again: 12, 13
    List<JsonObject> got = back.awaitMessages(8);
    assertThat(RoomClient.offsets(got)).containsExactlyElementsOf(LongStream.rangeClosed(6, 13).boxed().toList());
    assertThat(got.get(0).getString("text")).isEqualTo("b 0");
  }

  @Test
  void resumeBeyondTheHistoryIsNotRecovered() {
    String room = newRoom();
    RoomClient sender = RoomClient.connect(url, room, http.registerUser("sender").token());
    String epoch = sender.welcome().getString("epoch");
    sendAll(sender, "x", HISTORY * 3);
    RoomClient back = RoomClient.connect(url, room, null);
    back.welcome();
    back.send(new JsonObject().put("type", "resume").put("id", "r").put("offset", 1).put("epoch", epoch));
    JsonObject resumed = back.reply("r");
    assertThat(resumed.getBoolean("recovered")).isFalse();
    assertThat(resumed.getLong("offset")).isEqualTo(HISTORY * 3L);
    assertThat(back.messages()).isEmpty();
  }

  @Test
  void resumeWithAnotherEpochIsNotRecovered() {
    String room = newRoom();
    RoomClient viewer = RoomClient.connect(url, room, null);
    viewer.welcome();
    viewer.send(new JsonObject().put("type", "resume").put("id", "r").put("offset", 0).put("epoch", "other"));
    assertThat(viewer.reply("r").getBoolean("recovered")).isFalse();
  }

  @Test
  void aClientThatStopsReadingIsClosedWith4008AndDelaysNobody() throws Exception {
    String room = newRoom();
    RoomClient stalled = RoomClient.connect(url, room, null, new WebSocketClientOptions().setReceiveBufferSize(4096));
    stalled.welcome();
    RoomClient healthy = RoomClient.connect(url, room, null);
    healthy.welcome();
    List<RoomClient> senders = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      RoomClient s = RoomClient.connect(url, room, http.registerUser("flood").token());
      s.welcome();
      senders.add(s);
    }
    stalled.pause();
    String text = "\uD83D\uDE00".repeat(200); // 800 bytes of UTF-8
    // The kernel buffers up to 4 MiB for the stalled socket before the server's queue fills: ~10 s at this rate.
    long deadline = System.currentTimeMillis() + 40_000;
    int sent = 0;
    while (!stalled.isClosed() && System.currentTimeMillis() < deadline) {
      for (RoomClient s : senders) {
        for (int i = 0; i < 10; i++) {
          s.send(new JsonObject().put("type", "danmaku").put("text", text));
          sent++;
        }
      }
      Thread.sleep(250); // 40 messages/s per sender: under the per-connection frame limit
      long dropped = Math.round(metric("reelay_room_messages_dropped_total"));
      if (dropped > 0 && metric("reelay_room_closes_total{reason=\"slow\"}") >= 1) {
        break;
      }
    }
    assertThat(metric("reelay_room_messages_dropped_total")).as(roomMetrics()).isPositive();
    assertThat(metric("reelay_room_closes_total{reason=\"slow\"}")).isGreaterThanOrEqualTo(1);
    stalled.resume();
    assertThat(stalled.awaitClose()).isEqualTo((short) 4008);
    // The healthy client got every message, in order.
    List<JsonObject> all = healthy.awaitMessages(sent);
    assertThat(healthy.isClosed()).isFalse();
    assertThat(RoomClient.offsets(all)).containsExactlyElementsOf(LongStream.rangeClosed(1, all.size()).boxed().toList());
  }

  static String roomMetrics() {
    return String.join("\n", http.get("/metrics").body().lines().filter(l -> l.startsWith("reelay_room")).toList());
  }

  static double metric(String name) {
    String body = http.get("/metrics").body();
    return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .filter(l -> !name.contains("{") || l.startsWith(name))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
