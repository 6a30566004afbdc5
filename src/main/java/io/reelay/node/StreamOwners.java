package io.reelay.node;

import io.vertx.core.Future;
import java.util.Optional;

/** Who a live stream belongs to: what other capabilities (the stream's chat room) may ask the live one. */
public interface StreamOwners {

  /** The owner's user id, or empty when there is no such stream. */
  Future<Optional<Long>> ownerOf(String streamId);
}
