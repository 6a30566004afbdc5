package io.reelay.node.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class LocalPartitionRouterTest {

  @Test
  void everythingIsLocalAndRequestsReachTheLocalConsumer(Vertx vertx, VertxTestContext test) {
    PartitionRouter router = PartitionRouter.create(vertx, null);
    assertThat(router).isInstanceOf(LocalPartitionRouter.class);
    assertThat(router.clustered()).isFalse();
    assertThat(ClusterTestSupport.keys()).allMatch(router::isLocal)
      .allMatch(k -> router.ownerOf(k).equals(router.localNodeId()));
    assertThat(router.members()).containsExactly(new ClusterMember(router.localNodeId(), "standalone", true));
    router.onOwnershipChange(() -> List.of("room:1"), moves -> test.failNow("ownership never moves when standalone"));

    router.serve("echo", msg -> msg.reply(new JsonObject()
        .put("node", router.localNodeId())
        .put("key", msg.headers().get(PartitionRouter.KEY_HEADER))))
      .compose(v -> router.request("echo", "stream:42", new JsonObject(), null))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertThat(reply.body().getString("node")).isEqualTo(router.localNodeId());
        assertThat(reply.body().getString("key")).isEqualTo("stream:42");
        router.close();
        test.completeNow();
      })));
  }

  @Test
  void requestForUnservedCapabilityFails(Vertx vertx, VertxTestContext test) {
    PartitionRouter router = PartitionRouter.create(vertx, null);
    router.request("nobody", "video:1", new JsonObject(), null)
      .onComplete(test.failing(err -> test.completeNow()));
  }
}
