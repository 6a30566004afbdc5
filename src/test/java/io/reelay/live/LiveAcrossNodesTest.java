package io.reelay.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.LivePublisher;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two nodes sharing PostgreSQL and Redis: one publisher per stream across them, viewers sent to the ingest node. */
@ExtendWith(SharedServices.class)
class LiveAcrossNodesTest {

  static ReelayNode a;
  static ReelayNode b;

  @BeforeAll
  static void start() throws Exception {
    a = TestNodes.start();
    b = TestNodes.start();
  }

  @AfterAll
  static void stop() {
    for (ReelayNode node : new ReelayNode[] {b, a}) {
      if (node != null) {
        node.stop();
      }
    }
  }

  @Test
  void aStreamLiveOnOneNodeIsRefusedOnTheOtherAndItsViewersAreRedirected() throws Exception {
    Http onA = new Http(a.endpoints().httpUrl());
    Http onB = new Http(b.endpoints().httpUrl());
    Http.User creator = onA.registerUser("two-nodes");
    JsonObject stream = onA.post("/api/streams", new JsonObject().put("title", "spread"), creator.token()).json();
    String key = stream.getString("streamKey");
    String path = "/live/" + stream.getString("id") + "/index.m3u8";
    try (LivePublisher publisher = LivePublisher.start(
        "rtmp://127.0.0.1:" + a.endpoints().rtmpPort() + "/live/" + key, LivePublisher.FPS)) {
      publisher.awaitFrames(2 * LivePublisher.FPS);
      assertThatThrownBy(() -> LivePublisher.start("rtmp://127.0.0.1:" + b.endpoints().rtmpPort() + "/live/" + key,
          LivePublisher.FPS).close()).as("the other node refuses a second publisher").isInstanceOf(Exception.class);

      long deadline = System.currentTimeMillis() + 10_000;
      Http.Response redirected = onB.get(path);
      while (redirected.status() != 307 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200); // the directory entry is written as the broadcast starts
        redirected = onB.get(path);
      }
      assertThat(redirected.status()).as(redirected.body()).isEqualTo(307);
      assertThat(redirected.raw().headers().firstValue("Location")).hasValue(a.endpoints().httpUrl() + path);
      assertThat(onA.get(path).body()).contains("#EXT-X-PART:");
      assertThat(publisher.failed()).isFalse();
    }
  }
}
