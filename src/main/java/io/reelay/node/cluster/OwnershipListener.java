package io.reelay.node.cluster;

import java.util.List;

/** Told which of the keys a capability holds changed owner. Runs on a Vert.x context. */
@FunctionalInterface
public interface OwnershipListener {

  /** @param moves never empty; one entry per moved key */
  void ownershipChanged(List<KeyMove> moves);
}
