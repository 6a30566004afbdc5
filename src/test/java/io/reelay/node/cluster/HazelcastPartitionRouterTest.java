package io.reelay.node.cluster;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import static io.reelay.node.cluster.ClusterTestSupport.await;
import static io.reelay.node.cluster.ClusterTestSupport.closeQuietly;
import static io.reelay.node.cluster.ClusterTestSupport.keys;
import static io.reelay.node.cluster.ClusterTestSupport.millisSince;
import static io.reelay.node.cluster.ClusterTestSupport.startFirst;
import static io.reelay.node.cluster.ClusterTestSupport.startJoining;
import static io.reelay.node.cluster.ClusterTestSupport.uniqueClusterName;
import static io.reelay.node.cluster.ClusterTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Two clustered Vert.x nodes in this JVM, each with its own Hazelcast member. */
class HazelcastPartitionRouterTest {

  private static final Logger log = LoggerFactory.getLogger(HazelcastPartitionRouterTest.class);
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private final List<String> keys = keys();
  private ClusterNode a;
  private ClusterNode b;

  @AfterEach
  void tearDown() {
    closeQuietly(b);
    closeQuietly(a);
  }

  @Test
  void nodesAgreeOnOwnersAndBothOwnSome() {
    String cluster = uniqueClusterName();
    long t0 = System.nanoTime();
    a = startFirst(cluster);
    long startMs = millisSince(t0);
    long t1 = System.nanoTime();
    b = startJoining(cluster, a);
    long joinMs = millisSince(t1);
    awaitBalanced();
    log.info("TIMING cluster start (first node) {} ms, second node start+join {} ms, balanced after {} ms",
      startMs, joinMs, millisSince(t1));

    PartitionRouter ra = a.router();
    PartitionRouter rb = b.router();
    for (String key : keys) {
      assertThat(rb.ownerOf(key)).as(key).isEqualTo(ra.ownerOf(key));
      assertThat(ra.isLocal(key)).as(key).isNotEqualTo(rb.isLocal(key));
    }
    assertThat(keys.stream().filter(ra::isLocal)).isNotEmpty();
    assertThat(keys.stream().filter(rb::isLocal)).isNotEmpty();

    // The router's node id is the Vert.x node id, which vertx-hazelcast keeps apart from the member UUID.
    assertThat(ra.localNodeId()).isEqualTo(a.clusterManager().getNodeId());
    assertThat(ra.localNodeId()).isNotEqualTo(
      a.clusterManager().getHazelcastInstance().getCluster().getLocalMember().getUuid().toString());
    assertThat(ra.clustered()).isTrue();
    assertThat(ra.members()).extracting(ClusterMember::nodeId)
      .containsExactlyInAnyOrder(ra.localNodeId(), rb.localNodeId());
    assertThat(ra.members()).filteredOn(ClusterMember::local).extracting(ClusterMember::nodeId)
      .containsExactly(ra.localNodeId());
    assertThat(a.clusterManager().getNodes()).containsExactlyInAnyOrder(ra.localNodeId(), rb.localNodeId());
  }

  @Test
  void requestIsAnsweredByTheOwner() {
    String cluster = uniqueClusterName();
    a = startFirst(cluster);
    b = startJoining(cluster, a);
    awaitBalanced();
    for (ClusterNode node : List.of(a, b)) {
      String id = node.router().localNodeId();
      await(node.router().serve("echo", msg -> msg.reply(new JsonObject()
        .put("node", id)
        .put("key", msg.headers().get(PartitionRouter.KEY_HEADER))
        .put("n", msg.body().getInteger("n")))));
    }
    // One consumer per capability and node: a second one is refused.
    Future<Void> duplicate = a.router().serve("echo", msg -> { });
    assertThat(duplicate.failed()).isTrue();
    assertThat(duplicate.cause()).isInstanceOf(IllegalStateException.class);

    String keyOfA = keys.stream().filter(a.router()::isLocal).findFirst().orElseThrow();
    String keyOfB = keys.stream().filter(b.router()::isLocal).findFirst().orElseThrow();

    assertAnsweredBy(a, keyOfB, b.nodeId());
    assertAnsweredBy(b, keyOfA, a.nodeId());
    assertAnsweredBy(a, keyOfA, a.nodeId());
    assertAnsweredBy(b, keyOfB, b.nodeId());
  }

  @Test
  void leavingNodeHandsExactlyItsKeysToTheOther() throws InterruptedException {
    String cluster = uniqueClusterName();
    a = startFirst(cluster);
    String idA = a.nodeId();
    Set<String> everyKey = Set.copyOf(keys);
    ConcurrentLinkedQueue<KeyMove> movesOnA = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> callbackTimes = new ConcurrentLinkedQueue<>();
    a.router().onOwnershipChange(() -> keys, moves -> {
      callbackTimes.add(System.nanoTime());
      movesOnA.addAll(moves);
    });
    assertThat(keys).allMatch(a.router()::isLocal);

    // Join: A is told about exactly the keys that now belong to B.
    long joinStart = System.nanoTime();
    b = startJoining(cluster, a);
    String idB = b.nodeId();
    awaitBalanced();
    Set<String> ownedByB = keys.stream().filter(k -> idB.equals(a.router().ownerOf(k))).collect(Collectors.toSet());
    waitUntil(SETTLE, "A was told about every key moving to B", () -> movedKeys(movesOnA).equals(ownedByB));
    log.info("TIMING join: B start -> A's callbacks complete {} ms ({} callbacks, {} keys moved)",
      millisSince(joinStart), callbackTimes.size(), ownedByB.size());
    assertThat(movesOnA).allSatisfy(m -> {
      assertThat(m.fromNodeId()).isEqualTo(idA);
      assertThat(m.toNodeId()).isEqualTo(idB);
    });
    assertThat(movesOnA).hasSize(ownedByB.size());

    // Leave: after B's graceful close A owns everything and was told about exactly B's keys.
    movesOnA.clear();
    callbackTimes.clear();
    long closeStart = System.nanoTime();
    await(b.close());
    long closeMs = millisSince(closeStart);
    b = null;
    waitUntil(SETTLE, "A owns every key", () -> keys.stream().allMatch(a.router()::isLocal));
    waitUntil(SETTLE, "A was told about every key of B", () -> movedKeys(movesOnA).equals(ownedByB));
    Thread.sleep(OwnershipTracker.QUIET_MS * 3); // nothing more may arrive
    assertThat(movedKeys(movesOnA)).isEqualTo(ownedByB);
    assertThat(movesOnA).hasSize(ownedByB.size());
    assertThat(movesOnA).allSatisfy(m -> {
      assertThat(m.fromNodeId()).isEqualTo(idB);
      assertThat(m.toNodeId()).isEqualTo(idA);
    });
    assertThat(everyKey).allMatch(a.router()::isLocal);
    assertThat(a.router().members()).extracting(ClusterMember::nodeId).containsExactly(idA);
    long first = callbackTimes.stream().mapToLong(Long::longValue).min().orElseThrow();
    long last = callbackTimes.stream().mapToLong(Long::longValue).max().orElseThrow();
    log.info("TIMING leave: B.close() took {} ms; close() start -> A's first callback {} ms, -> last callback {} ms "
        + "({} callbacks, {} keys moved)", closeMs, (first - closeStart) / 1_000_000, (last - closeStart) / 1_000_000,
      callbackTimes.size(), ownedByB.size());
  }

  @Test
  void crashedNodeKeysMoveToTheSurvivor() {
    String cluster = uniqueClusterName();
    a = startFirst(cluster);
    ConcurrentLinkedQueue<KeyMove> movesOnA = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> callbackTimes = new ConcurrentLinkedQueue<>();
    a.router().onOwnershipChange(() -> keys, moves -> {
      callbackTimes.add(System.nanoTime());
      movesOnA.addAll(moves);
    });
    b = startJoining(cluster, a);
    awaitBalanced();
    String idA = a.nodeId();
    String idB = b.nodeId();
    Set<String> ownedByB = keys.stream().filter(b.router()::isLocal).collect(Collectors.toSet());
    // Start from a settled state: A has been told about the join.
    waitUntil(SETTLE, "A was told about every key moving to B", () -> movedKeys(movesOnA).equals(ownedByB));
    movesOnA.clear();
    callbackTimes.clear();

    // No graceful hand-off: A must notice B is gone and promote its backups.
    long crash = System.nanoTime();
    b.clusterManager().getHazelcastInstance().getLifecycleService().terminate();
    int[] nullOwnerSamples = {0};
    waitUntil(SETTLE, "A owns every key after B crashed", () -> {
      for (var partition : a.clusterManager().getHazelcastInstance().getPartitionService().getPartitions()) {
        if (partition.getOwner() == null) {
          nullOwnerSamples[0]++;
        }
      }
      return keys.stream().allMatch(a.router()::isLocal);
    });
    long ownedMs = millisSince(crash);
    waitUntil(SETTLE, "A was told about every key of B", () -> movedKeys(movesOnA).equals(ownedByB));
    assertThat(movesOnA).hasSize(ownedByB.size()).allSatisfy(m -> {
      assertThat(m.fromNodeId()).isEqualTo(idB);
      assertThat(m.toNodeId()).isEqualTo(idA);
    });
    long first = callbackTimes.stream().mapToLong(Long::longValue).min().orElseThrow();
    log.info("TIMING crash: terminate -> A owns all {} ms, -> A's first callback {} ms, -> complete {} ms "
        + "({} callbacks, {} keys; partitions seen without owner: {})", ownedMs, (first - crash) / 1_000_000,
      millisSince(crash), callbackTimes.size(), ownedByB.size(), nullOwnerSamples[0]);
  }

  private void assertAnsweredBy(ClusterNode from, String key, String expectedNode) {
    Message<JsonObject> reply = await(from.router().request("echo", key, new JsonObject().put("n", 7), null));
    assertThat(reply.body().getString("node")).as("node answering " + key).isEqualTo(expectedNode);
    assertThat(reply.body().getString("key")).isEqualTo(key);
    assertThat(reply.body().getInteger("n")).isEqualTo(7);
  }

  /** Both nodes see the same owner for every key, and each owns some. */
  private void awaitBalanced() {
    waitUntil(SETTLE, "partitions are balanced over both nodes", () ->
      a.clusterManager().getHazelcastInstance().getPartitionService().isClusterSafe()
        && keys.stream().allMatch(k -> a.router().ownerOf(k).equals(b.router().ownerOf(k)))
        && keys.stream().anyMatch(a.router()::isLocal)
        && keys.stream().anyMatch(b.router()::isLocal));
  }

  private static Set<String> movedKeys(ConcurrentLinkedQueue<KeyMove> moves) {
    Set<String> keys = new HashSet<>();
    moves.forEach(m -> keys.add(m.key()));
    return keys;
  }
}
