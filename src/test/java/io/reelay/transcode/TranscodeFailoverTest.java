package io.reelay.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestMedia;
import io.reelay.testing.TestNodes;
import io.reelay.testing.TusTestClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two nodes sharing a storage dir: the owner of a video stops mid-transcode and the other node finishes. */
@ExtendWith(SharedServices.class)
class TranscodeFailoverTest {

  static ReelayNode a;
  static ReelayNode b;
  static Path storage;

  @BeforeAll
  static void start() throws Exception {
    storage = Files.createTempDirectory("reelay-shared-storage");
    String cluster = TestNodes.uniqueName("reelay-transcode");
    a = TestNodes.start(TestNodes.clusterEnv(cluster, storage));
    b = TestNodes.start(TestNodes.clusterEnv(cluster, storage));
    awaitMembers(a, 2);
    awaitMembers(b, 2);
  }

  @AfterAll
  static void stop() {
    for (ReelayNode node : new ReelayNode[] {a, b}) {
      if (node != null) {
        node.stop();
      }
    }
  }

  static void awaitMembers(ReelayNode node, int count) throws InterruptedException {
    for (int i = 0; i < 200 && node.router().members().size() != count; i++) {
      Thread.sleep(100);
    }
    assertThat(node.router().members()).hasSize(count);
  }

  @Test
  void whenTheOwnerStopsMidJobTheOtherNodeFinishesIt() throws Exception {
    Http httpA = new Http(a.endpoints().httpUrl());
    String user = TestNodes.uniqueName("failover");
    JsonObject credentials = new JsonObject().put("username", user).put("password", "correct horse battery");
    assertThat(httpA.post("/api/auth/register", credentials, null).status()).isEqualTo(201);
    String token = httpA.login(user, "correct horse battery");

    byte[] clip = Files.readAllBytes(TestMedia.video(Files.createTempDirectory("clips"), 6, 1920, 1080, true));
    TusTestClient tus = new TusTestClient(a.endpoints().httpUrl(), token);
    String path = tus.createPath(clip.length, "failover");
    assertThat(tus.patch(path, 0, clip).status()).isEqualTo(204);
    String id = tus.head(path).header("Reelay-Video-Id");

    String ownerId = a.router().ownerOf("video:" + id);
    ReelayNode owner = ownerId.equals(a.router().localNodeId()) ? a : b;
    ReelayNode survivor = owner == a ? b : a;
    Http survivorHttp = new Http(survivor.endpoints().httpUrl());
    JsonObject running = TranscodeTest.awaitVideo(survivorHttp, id, token,
        v -> v.getJsonObject("transcode") != null && "running".equals(v.getJsonObject("transcode").getString("state")));
    assertThat(running.getJsonObject("transcode").getString("state")).isEqualTo("running");

    owner.stop();
    if (owner == a) {
      a = null;
    } else {
      b = null;
    }
    JsonObject video = TranscodeTest.awaitVideo(survivorHttp, id, token, TranscodeTest::finished);
    assertThat(video.getString("status")).as(video.encodePrettily()).isEqualTo("ready");
    assertThat(video.getJsonArray("renditions")).hasSize(4);
  }
}
