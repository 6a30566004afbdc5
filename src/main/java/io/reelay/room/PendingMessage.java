package io.reelay.room;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

/**
 * A message admitted by the owner and waiting for the next batch: its content (without offset and time),
 * whether slow connections may skip it, and who waits for its offset.
 */
record PendingMessage(JsonObject content, boolean droppable, Promise<Sequenced> sequenced) {

  static PendingMessage of(JsonObject content, boolean droppable) {
    return new PendingMessage(content, droppable, Promise.promise());
  }
}
