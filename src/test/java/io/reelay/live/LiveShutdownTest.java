package io.reelay.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.LivePublisher;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A node stopping with a broadcast open ends it properly: the recording is handed off before the node is gone. */
@ExtendWith(SharedServices.class)
class LiveShutdownTest {

  @Test
  void aStoppingNodeEndsItsBroadcastsAndKeepsTheirRecordings() throws Exception {
    ReelayNode ingest = TestNodes.start();
    ReelayNode other = TestNodes.start();
    try {
      Http http = new Http(other.endpoints().httpUrl());
      Http.User creator = http.registerUser("shutdown");
      JsonObject stream = http.post("/api/streams", new JsonObject().put("title", "cut short"), creator.token()).json();
      String rtmp = "rtmp://127.0.0.1:" + ingest.endpoints().rtmpPort() + "/live/" + stream.getString("streamKey");
      try (LivePublisher publisher = LivePublisher.start(rtmp, LivePublisher.FPS)) {
        publisher.awaitFrames(3 * LivePublisher.FPS);
      }
      ingest.stop(); // the broadcast is still within its 30 s reconnect grace

      JsonObject broadcast = http.get("/api/streams/" + stream.getString("id")).json()
          .getJsonArray("broadcasts").getJsonObject(0);
      assertThat(broadcast.getString("endedAt")).as(broadcast.encode()).isNotNull();
      String videoId = broadcast.getString("recordingVideoId");
      assertThat(videoId).as(broadcast.encode()).isNotNull();
      assertThat(http.get("/api/videos/" + videoId).json().getString("status")).isIn("processing", "ready");
    } finally {
      ingest.stop();
      other.stop();
    }
  }
}
