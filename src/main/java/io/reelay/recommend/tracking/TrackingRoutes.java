package io.reelay.recommend.tracking;

import io.reelay.node.auth.AccessGuard;
import io.reelay.node.auth.Principal;
import io.reelay.node.http.ApiException;
import io.reelay.node.http.HttpRoutes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/events}: a batch of client events, each checked on its own; the valid ones are written to
 * Kafka and the answer (202) comes only once Kafka acknowledged them all, or 503 + Retry-After if it did not.
 */
final class TrackingRoutes implements HttpRoutes {

  static final String DEVICE_HEADER = "X-Device-Id";
  /** Kafka's producer gives up within a few seconds; a resend soon after is reasonable. */
  static final int RETRY_AFTER_SECONDS = 2;

  private final EventLog log;
  private final AccessGuard guard;
  private final TrackingMetrics metrics;

  TrackingRoutes(EventLog log, AccessGuard guard, TrackingMetrics metrics) {
    this.log = log;
    this.guard = guard;
    this.metrics = metrics;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/events").handler(guard.optional()).handler(this::ingest);
  }

  private void ingest(RoutingContext ctx) {
    Principal who = AccessGuard.principal(ctx);
    Long userId = who == null ? null : who.userId();
    String device = ctx.request().getHeader(DEVICE_HEADER);
    if (device != null && !EventSchema.validDeviceId(device)) {
      throw ApiException.badRequest(DEVICE_HEADER + " must be 1-64 characters of A-Z a-z 0-9 _ . : -");
    }
    JsonArray events = EventBatch.read(ctx);
    if (userId == null && device == null && !anyDevice(events)) {
      throw new ApiException(400, "no_subject", "events need a viewer: sign in (Authorization: Bearer), send an "
          + DEVICE_HEADER + " header or a deviceId in the events");
    }
    long now = System.currentTimeMillis();
    List<TrackedEvent> accepted = new ArrayList<>(events.size());
    JsonArray errors = new JsonArray();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      EventSchema.Checked checked = EventSchema.check(events.getValue(i), userId, device, now);
      String error = checked.error();
      if (error == null && !ids.add(checked.event().eventId())) {
        error = "eventId repeats an earlier event of this batch";
      }
      if (error == null) {
        accepted.add(checked.event());
      } else {
        errors.add(new JsonObject().put("index", i).put("eventId", eventIdOf(events.getValue(i))).put("error", error));
      }
    }
    metrics.rejected(errors.size());
    log.append(accepted).onComplete(done -> {
      if (done.failed()) {
        metrics.kafkaFailed();
        ctx.fail(new ApiException(503, "unavailable", "the event log (Kafka) did not acknowledge this batch ("
            + done.cause().getMessage() + "); nothing of it is acknowledged: resend it (eventIds make that safe)",
            RETRY_AFTER_SECONDS));
        return;
      }
      metrics.accepted(accepted.size());
      ctx.response().setStatusCode(202);
      ctx.json(new JsonObject().put("accepted", accepted.size()).put("errors", errors));
    });
  }

  private static boolean anyDevice(JsonArray events) {
    for (Object event : events) {
      if (event instanceof JsonObject json && EventSchema.validDeviceId(json.getValue("deviceId"))) {
        return true;
      }
    }
    return false;
  }

  private static Object eventIdOf(Object event) {
    return event instanceof JsonObject json && json.getValue("eventId") instanceof String id && id.length() <= 64
        ? id : null;
  }
}
