package io.reelay.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.testing.Http;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scaling the HTTP capability up and down while clients keep sending requests. */
@ExtendWith(SharedServices.class)
class ScaleTest {

  static ReelayNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start("REELAY_HTTP_INSTANCES", "1");
    http = new Http(node.endpoints().httpUrl());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  void scalingUpAndDownKeepsServingRequests() throws Exception {
    String admin = http.adminToken();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger served = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      // Half the clients POST: clients do not retry a POST on a closed connection, so a request
      // dropped during a scale shows up as a failure.
      boolean post = i % 2 == 0;
      Thread t = new Thread(() -> {
        while (running.get()) {
          try {
            Http.Response r = post
                ? http.post("/api/auth/register", new JsonObject().put("username", "x").put("password", "y"), null)
                : http.get("/ops/health");
            if (r.status() == (post ? 400 : 200)) {
              served.incrementAndGet();
            } else {
              failures.add("status " + r.status());
            }
          } catch (RuntimeException e) {
            failures.add(e.getMessage());
          }
        }
      });
      t.start();
      clients.add(t);
    }
    try {
      for (int instances : new int[] {4, 2, 8, 1}) {
        int before = served.get();
        Http.Response r = http.post("/ops/verticles/http/scale", new JsonObject().put("instances", instances), admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getInteger("instances")).isEqualTo(instances);
        waitForMoreRequests(served, before + 50);
        JsonObject listed = http.get("/ops/verticles", admin).json();
        JsonObject httpCapability = listed.getJsonArray("capabilities").getJsonObject(0);
        assertThat(httpCapability.getString("name")).isEqualTo("http");
        assertThat(httpCapability.getInteger("instances")).isEqualTo(instances);
        assertThat(httpCapability.getString("node")).isEqualTo(node.router().localNodeId());
      }
    } finally {
      running.set(false);
      for (Thread t : clients) {
        t.join();
      }
    }
    assertThat(failures).as("requests failed while scaling").isEmpty();
    assertThat(served.get()).isGreaterThan(200);
    assertThat(http.get("/metrics").body()).contains("reelay_capability_scale_total{capability=\"http\"} 4.0");
  }

  @Test
  void badScaleRequestsAreRejected() {
    String admin = http.adminToken();
    assertThat(http.post("/ops/verticles/nope/scale", new JsonObject().put("instances", 2), admin).status()).isEqualTo(404);
    assertThat(http.post("/ops/verticles/http/scale", new JsonObject().put("instances", 0), admin).status()).isEqualTo(400);
    assertThat(http.post("/ops/verticles/http/scale", new JsonObject().put("instances", "two"), admin).status()).isEqualTo(400);
    assertThat(http.post("/ops/verticles/http/scale", new JsonObject().put("instances", 1000), admin).status()).isEqualTo(400);
  }

  private static void waitForMoreRequests(AtomicInteger served, int target) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (served.get() < target && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(served.get()).as("requests keep being served").isGreaterThanOrEqualTo(target);
  }
}
