package io.reelay.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.testing.Http;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A node whose Redis and Kafka are unreachable is alive but not ready, and says why. */
@ExtendWith(SharedServices.class)
class UnreadyNodeTest {

  @Test
  void readyIs503AndNamesTheFailingParts() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      closedPort = socket.getLocalPort();
    }
    ReelayNode node = TestNodes.start("REELAY_REDIS_URL", "redis://127.0.0.1:" + closedPort,
        "REELAY_KAFKA_BOOTSTRAP", "127.0.0.1:" + closedPort);
    try {
      Http http = new Http(node.endpoints().httpUrl());
      assertThat(http.get("/ops/health").status()).isEqualTo(200);
      Http.Response ready = http.get("/ops/ready");
      assertThat(ready.status()).isEqualTo(503);
      JsonObject body = ready.json();
      assertThat(body.getString("error")).isEqualTo("not_ready");
      assertThat(body.getString("message")).contains("redis").contains("kafka").doesNotContain("postgres");
      assertThat(body.getJsonObject("checks").getString("postgres")).isEqualTo("up");
      assertThat(body.getJsonObject("checks").getString("redis")).startsWith("down");
    } finally {
      node.stop();
    }
  }
}
