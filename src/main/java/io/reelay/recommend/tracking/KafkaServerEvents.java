package io.reelay.recommend.tracking;

import io.reelay.node.RoomIds;
import io.reelay.node.ServerEvents;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-side events of {@code reelay.events}, written as the capabilities report them. The subject is the
 * acting user; the event id is derived from what happened where there is an id for it (a gift, a broadcast, a
 * video), so a capability that reports twice is counted once downstream. Fire-and-forget: a failure is logged
 * and counted, never passed back (the capability's own topic or table has the fact).
 */
final class KafkaServerEvents implements ServerEvents {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaServerEvents.class);

  private final EventLog log;
  private final TrackingMetrics metrics;

  KafkaServerEvents(EventLog log, TrackingMetrics metrics) {
    this.log = log;
    this.metrics = metrics;
  }

  @Override
  public void uploaded(long userId, String videoId) {
    write(event(EventType.UPLOAD, "upload:" + videoId, userId).put("videoId", videoId));
  }

  @Override
  public void danmaku(long userId, String roomId) {
    // Each danmaku is a new fact; there is no id to derive from before the room sequences it.
    item(event(EventType.DANMAKU, "danmaku:" + UUID.randomUUID(), userId), roomId).ifPresent(this::write);
  }

  @Override
  public void gift(long userId, String roomId, long giftId, long creatorId) {
    item(event(EventType.GIFT, "gift:" + giftId, userId).put("creatorId", creatorId), roomId).ifPresent(this::write);
  }

  @Override
  public void liveStarted(long userId, String streamId, String sessionId) {
    write(event(EventType.LIVE_STARTED, "live_started:" + sessionId, userId).put("streamId", streamId));
  }

  @Override
  public void liveEnded(long userId, String streamId, String sessionId) {
    write(event(EventType.LIVE_ENDED, "live_ended:" + sessionId, userId).put("streamId", streamId));
  }

  private static JsonObject event(EventType type, String eventId, long userId) {
    return new JsonObject()
        .put("eventId", eventId)
        .put("type", type.wireName)
        .put("subject", TrackedEvent.subject(userId, null))
        .put("userId", userId);
  }

  /** The room's video or stream; a free room belongs to neither and is not reported. */
  private static Optional<JsonObject> item(JsonObject event, String roomId) {
    return RoomIds.videoId(roomId).map(id -> event.put("videoId", id))
        .or(() -> RoomIds.streamId(roomId).map(id -> event.put("streamId", id)));
  }

  private void write(JsonObject event) {
    event.put("serverTime", System.currentTimeMillis()).put("source", "server");
    log.append(List.of(new TrackedEvent(event.getString("subject"), event))).onComplete(done -> {
      metrics.serverEvent(done.succeeded());
      if (done.failed()) {
        LOG.warn("{} event {} not written to Kafka: {}", event.getString("type"), event.getString("eventId"),
            done.cause().toString());
      }
    });
  }
}
