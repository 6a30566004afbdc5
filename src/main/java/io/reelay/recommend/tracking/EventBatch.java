package io.reelay.recommend.tracking;

import io.reelay.node.http.ApiException;
import io.reelay.node.http.JsonBodies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads the body of {@code POST /api/events}: {@code {"events": [...]}} with at most {@link #MAX_EVENTS}. */
final class EventBatch {

  static final int MAX_EVENTS = 500;

  private EventBatch() {}

  static JsonArray read(RoutingContext ctx) {
    Object body = JsonBodies.value(ctx, "a JSON body {\"events\": [...]}");
    if (!(body instanceof JsonObject object) || !(object.getValue("events") instanceof JsonArray events)) {
      throw ApiException.badRequest("the body must be a JSON object {\"events\": [...]} with a list of events");
    }
    if (events.size() > MAX_EVENTS) {
      throw new ApiException(400, "too_many_events",
          events.size() + " events in one batch; at most " + MAX_EVENTS + ": split it");
    }
    return events;
  }
}
