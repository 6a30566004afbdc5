package io.reelay.node;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

/** The streams live right now, cluster-wide, most viewers first: what other capabilities may ask the live one. */
public interface LiveNow {

  /** Directory entries: id, ownerId, title, viewers, startedAt, playbackUrl… (see {@code GET /api/streams/live}). */
  Future<JsonArray> list();
}
