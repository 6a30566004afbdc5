package io.reelay.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.testing.Http;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two full nodes in one Hazelcast cluster, seen through their HTTP APIs. */
@ExtendWith(SharedServices.class)
class ClusteredNodesTest {

  static ReelayNode a;
  static ReelayNode b;
  static Http httpA;
  static Http httpB;

  @BeforeAll
  static void start() throws Exception {
    String cluster = TestNodes.uniqueName("reelay-test");
    a = TestNodes.start(TestNodes.clusterEnv(cluster));
    b = TestNodes.start(TestNodes.clusterEnv(cluster));
    httpA = new Http(a.endpoints().httpUrl());
    httpB = new Http(b.endpoints().httpUrl());
  }

  @AfterAll
  static void stop() {
    b.stop();
    a.stop();
  }

  @Test
  void bothNodesSeeTheSameMembersAndAgreeOnKeyOwners() throws Exception {
    awaitMembers(2);
    // Partitions migrate to B for a moment after it joins: retry until both views settled alike.
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      try {
        assertOwnersAgree();
        return;
      } catch (AssertionError e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static void assertOwnersAgree() {
    Set<String> owners = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String key = "room:" + i;
      JsonObject fromA = httpA.get("/ops/cluster?key=" + key).json();
      JsonObject fromB = httpB.get("/ops/cluster?key=" + key).json();
      assertThat(fromA.getString("owner")).as(key).isEqualTo(fromB.getString("owner"));
      assertThat(fromA.getBoolean("ownerIsLocal")).isNotEqualTo(fromB.getBoolean("ownerIsLocal"));
      owners.add(fromA.getString("owner"));
    }
    assertThat(owners).containsExactlyInAnyOrder(a.router().localNodeId(), b.router().localNodeId());
  }

  @Test
  void readinessIncludesTheClusterAndTokensWorkOnEveryNode() throws Exception {
    assertThat(httpA.get("/ops/ready").json().getJsonObject("checks").getString("cluster")).isEqualTo("up");
    String user = TestNodes.uniqueName("user");
    String token = httpA.post("/api/auth/register",
        new JsonObject().put("username", user).put("password", "correct horse"), null).json().getString("token");
    assertThat(httpB.get("/api/auth/me", token).json().getString("username")).isEqualTo(user);
  }

  @Test
  void capabilitiesOfEveryNodeAreListed() throws Exception {
    awaitMembers(2);
    JsonArray cluster = httpA.get("/ops/verticles", httpA.adminToken()).json().getJsonArray("cluster");
    assertThat(cluster).hasSize(2);
    Set<String> nodes = new HashSet<>();
    for (int i = 0; i < cluster.size(); i++) {
      JsonObject entry = cluster.getJsonObject(i);
      nodes.add(entry.getString("node"));
      assertThat(entry.getJsonArray("capabilities").getJsonObject(0).getString("name")).isEqualTo("http");
    }
    assertThat(nodes).containsExactlyInAnyOrder(a.router().localNodeId(), b.router().localNodeId());
  }

  private static void awaitMembers(int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      if (httpA.get("/ops/cluster").json().getJsonArray("members").size() == count
          && httpB.get("/ops/cluster").json().getJsonArray("members").size() == count) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("cluster did not reach " + count + " members");
  }
}
