package io.reelay.live;

import io.reelay.node.ServerEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the live capability tells the rest of Reelay: {@code live.started} and {@code live.ended}, published on
 * the event bus (cluster-wide) and written to Kafka, keyed by stream id; and, as the streamer's behaviour, to
 * the {@link ServerEvents}.
 */
public final class LiveEvents {

  /** Event-bus address of both events; the {@code type} field tells which. */
  public static final String ADDRESS = "reelay.live.events";
  /** Kafka topic of live stream life-cycle events, keyed by stream id. */
  public static final String TOPIC = "reelay.live-events";

  private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);

  private final Vertx vertx;
  private final KafkaProducer<String, String> kafka;
  private final ServerEvents serverEvents;

  LiveEvents(Vertx vertx, KafkaProducer<String, String> kafka, ServerEvents serverEvents) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.serverEvents = serverEvents;
  }

  Future<Void> started(String streamId, long ownerId, String sessionId, String protocol, String nodeId) {
    serverEvents.liveStarted(ownerId, streamId, sessionId);
    return emit(event("live.started", streamId, sessionId).put("protocol", protocol).put("node", nodeId));
  }

  /** @param recordingVideoId the video the recording became, or null (nothing recorded) */
  Future<Void> ended(String streamId, long ownerId, String sessionId, long durationMs, String recordingVideoId) {
    serverEvents.liveEnded(ownerId, streamId, sessionId);
    return emit(event("live.ended", streamId, sessionId).put("durationMs", durationMs)
        .put("recordingVideoId", recordingVideoId));
  }

  private static JsonObject event(String type, String streamId, String sessionId) {
    return new JsonObject().put("type", type).put("streamId", streamId).put("sessionId", sessionId)
        .put("at", Instant.now().toString());
  }

  private Future<Void> emit(JsonObject event) {
    vertx.eventBus().publish(ADDRESS, event);
    String streamId = event.getString("streamId");
    return kafka.send(KafkaProducerRecord.create(TOPIC, streamId, event.encode()))
        .onFailure(e -> LOG.warn("{} for {} not written to Kafka: {}", event.getString("type"), streamId, e.toString()))
        .mapEmpty();
  }

  Future<Void> close() {
    return kafka.close();
  }
}
