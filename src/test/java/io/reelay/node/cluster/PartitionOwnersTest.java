package io.reelay.node.cluster;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionOwnersTest {

  @Test
  void changesAreExactlyThePartitionsWhoseOwnerDiffers() {
    PartitionOwners before = new PartitionOwners(new String[] {"a", "a", "b", "b"});
    PartitionOwners after = new PartitionOwners(new String[] {"a", "c", "b", "a"});

    assertThat(before.changesTo(after)).isEqualTo(Map.of(
      1, new PartitionOwners.Change("a", "c"),
      3, new PartitionOwners.Change("b", "a")));
    assertThat(after.changesTo(after)).isEmpty();
  }
}
