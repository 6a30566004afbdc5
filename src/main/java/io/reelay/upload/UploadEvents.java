package io.reelay.upload;

import io.reelay.media.MediaInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the upload capability tells the rest of Reelay. {@code video.uploaded} goes on the event bus (the
 * transcode capability consumes it) and to Kafka (the durable record other consumers read).
 */
public final class UploadEvents {

  /** Event-bus address of {@code video.uploaded}; published cluster-wide. */
  public static final String VIDEO_UPLOADED = "reelay.video.uploaded";
  /** Kafka topic of video life-cycle events, keyed by video id. */
  public static final String VIDEO_EVENTS_TOPIC = "reelay.video-events";

  private static final Logger LOG = LoggerFactory.getLogger(UploadEvents.class);

  private final Vertx vertx;
  private final KafkaProducer<String, String> kafka;

  UploadEvents(Vertx vertx, KafkaProducer<String, String> kafka) {
    this.vertx = vertx;
    this.kafka = kafka;
  }

  /**
   * The video's bytes are stored and playable.
   *
   * @param source       the stored media file
   * @param deduplicated the bytes were already stored for another video: nothing new to transcode
   */
  Future<Void> videoUploaded(String videoId, String contentHash, Path source, long sizeBytes, MediaInfo media,
      boolean deduplicated) {
    JsonObject event = new JsonObject()
        .put("type", "video.uploaded")
        .put("videoId", videoId)
        .put("contentHash", contentHash)
        .put("source", source.toString())
        .put("sizeBytes", sizeBytes)
        .put("media", media.toJson())
        .put("deduplicated", deduplicated)
        .put("at", Instant.now().toString());
    vertx.eventBus().publish(VIDEO_UPLOADED, event);
    return kafka.send(KafkaProducerRecord.create(VIDEO_EVENTS_TOPIC, videoId, event.encode()))
        .onFailure(e -> LOG.warn("video.uploaded for {} not written to Kafka: {}", videoId, e.toString()))
        .mapEmpty();
  }

  Future<Void> close() {
    return kafka.close();
  }
}
