package io.reelay.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.storage.Storage;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Leases against a real Redis: the one-call renewal of a node's many leases. */
@ExtendWith(SharedServices.class)
class PublisherLeaseTest {

  static Vertx vertx;
  static Storage storage;
  static PublisherLease lease;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    storage = Storage.connect(vertx, SharedServices.urls(), 2);
    lease = new PublisherLease(storage.redis());
  }

  @AfterAll
  static void close() {
    storage.close().await();
    vertx.close().await();
  }

  @Test
  void oneCallRenewsOursTakesBackLapsedOnesAndReportsTheOnesAnotherSessionHolds() {
    String ours = TestNodes.uniqueName("lease-ours");
    String lapsed = TestNodes.uniqueName("lease-lapsed");
    String taken = TestNodes.uniqueName("lease-taken");
    assertThat(lease.acquire(ours, "s1").await()).isTrue();
    assertThat(lease.acquire(taken, "other").await()).isTrue();

    List<Boolean> held = lease.renewAll(List.of(
        new PublisherLease.Claim(ours, "s1"), new PublisherLease.Claim(lapsed, "s2"), new PublisherLease.Claim(taken, "s3")))
        .await();

    assertThat(held).containsExactly(true, true, false);
    assertThat(lease.acquire(lapsed, "newcomer").await()).as("s2 took its lapsed lease back").isFalse();
    assertThat(lease.acquire(taken, "s3").await()).as("still the other session's").isFalse();
    lease.release(ours, "s1").await();
    assertThat(lease.acquire(ours, "newcomer").await()).isTrue();
  }

  @Test
  void releasingALeaseAnotherSessionHoldsLeavesItAlone() {
    String stream = TestNodes.uniqueName("lease-release");
    assertThat(lease.acquire(stream, "holder").await()).isTrue();
    lease.release(stream, "someone-else").await();
    assertThat(lease.renew(stream, "holder").await()).isTrue();
    assertThat(lease.acquire(stream, "someone-else").await()).isFalse();
  }
}
