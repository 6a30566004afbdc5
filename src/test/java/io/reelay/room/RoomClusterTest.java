package io.reelay.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.RoomClient;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rooms across clustered nodes: viewers and senders on different nodes share one sequence, and when the
 * room's owner leaves, the next owner continues the offsets from the history.
 */
@ExtendWith(SharedServices.class)
class RoomClusterTest {

  static String cluster;
  static ReelayNode a;
  static ReelayNode b;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestNodes.uniqueName("reelay-rooms");
    a = TestNodes.start(TestNodes.clusterEnv(cluster));
    b = TestNodes.start(TestNodes.clusterEnv(cluster));
    http = new Http(a.endpoints().httpUrl());
    awaitMembers(2, a, b);
  }

  @AfterAll
  static void stop() {
    for (ReelayNode node : new ReelayNode[] {b, a}) {
      if (node != null) {
        node.stop();
      }
    }
  }

  static void awaitMembers(int count, ReelayNode... nodes) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      boolean settled = true;
      for (ReelayNode node : nodes) {
        settled &= node.router().members().size() == count;
        for (int i = 0; i < 32; i++) {
          settled &= node.router().ownerOf("room:probe" + i).equals(nodes[0].router().ownerOf("room:probe" + i));
        }
      }
      if (settled) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("cluster did not settle");
  }

  /** A room id whose owner is {@code owner}. */
  static String roomOwnedBy(ReelayNode owner) {
    while (true) {
      String room = "cl-" + UUID.randomUUID().toString().substring(0, 8);
      if (owner.router().ownerOf("room:" + room).equals(owner.router().localNodeId())) {
        return room;
      }
    }
  }

  /** Sends a danmaku, retrying while the room's owner is unavailable (as a client would); returns its offset. */
  static long sendAcked(RoomClient sender, String id, String text) throws InterruptedException {
    for (int attempt = 0; attempt < 50; attempt++) {
      sender.send(new JsonObject().put("type", "danmaku").put("id", id + "#" + attempt).put("text", text));
      JsonObject reply = sender.reply(id + "#" + attempt);
      if ("ack".equals(reply.getString("type"))) {
        return reply.getLong("offset");
      }
      assertThat(reply.getString("code")).as(reply.encode()).isIn("unavailable", "rate_limited");
      Thread.sleep(200);
    }
    throw new AssertionError("never acknowledged: " + text);
  }

  @Test
  void clientsOnBothNodesSeeOneSequence() throws Exception {
    String room = roomOwnedBy(b);
    List<RoomClient> viewers = List.of(RoomClient.connect(a.endpoints().httpUrl(), room, null),
        RoomClient.connect(b.endpoints().httpUrl(), room, null));
    viewers.forEach(RoomClient::welcome);
    RoomClient onA = RoomClient.connect(a.endpoints().httpUrl(), room, http.registerUser("ca").token());
    RoomClient onB = RoomClient.connect(b.endpoints().httpUrl(), room, http.registerUser("cb").token());
    onA.welcome();
    onB.welcome();
    for (int i = 0; i < 8; i++) {
      onA.send(new JsonObject().put("type", "danmaku").put("text", "a" + i));
      onB.send(new JsonObject().put("type", "danmaku").put("text", "b" + i));
    }
    List<JsonObject> seenOnA = viewers.get(0).awaitMessages(16);
    assertThat(RoomClient.offsets(seenOnA)).containsExactlyElementsOf(LongStream.rangeClosed(1, 16).boxed().toList());
    assertThat(viewers.get(1).awaitMessages(16)).isEqualTo(seenOnA);
    assertThat(seenOnA.stream().filter(m -> m.getString("text").startsWith("a")).count()).isEqualTo(8);
  }

  @Test
  void whenTheOwnerLeavesTheRoomContinuesWithTheNextOffsets() throws Exception {
    ReelayNode c = TestNodes.start(TestNodes.clusterEnv(cluster));
    try {
      awaitMembers(3, a, b, c);
      String room = roomOwnedBy(c);
      RoomClient viewer = RoomClient.connect(a.endpoints().httpUrl(), room, null);
      viewer.welcome();
      RoomClient sender = RoomClient.connect(a.endpoints().httpUrl(), room, http.registerUser("cs").token());
      sender.welcome();
      List<Long> acked = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        acked.add(sendAcked(sender, "before" + i, "before " + i));
      }
      c.stop();
      c = null;
      awaitMembers(2, a, b);
      for (int i = 0; i < 5; i++) {
        acked.add(sendAcked(sender, "after" + i, "after " + i));
      }
      List<Long> expected = LongStream.rangeClosed(1, 10).boxed().toList();
      assertThat(acked).containsExactlyElementsOf(expected);
      assertThat(RoomClient.offsets(viewer.awaitMessages(10))).containsExactlyElementsOf(expected);
      assertThat(a.router().ownerOf("room:" + room)).isIn(a.router().localNodeId(), b.router().localNodeId());
    } finally {
      if (c != null) {
        c.stop();
      }
    }
  }
}
