package io.reelay.recommend;

import io.reelay.catalog.Video;
import io.reelay.catalog.VideoDraft;
import io.reelay.catalog.Visibility;
import io.reelay.node.ReelayNode;
import io.reelay.node.storage.ServiceUrls;
import io.reelay.recommend.builder.ProfileConsumer;
import io.reelay.testing.Http;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * A node on a Redis database of its own (ranking reads global keys: trending, popularity), its catalog, and a
 * Kafka producer standing in for {@code POST /api/events}: events go to {@code reelay.events} as the event
 * contract says.
 */
public final class RecommendFixtures {

  public final ReelayNode node;
  public final Http http;
  private final KafkaProducer<String, String> producer;

  private RecommendFixtures(ReelayNode node) {
    this.node = node;
    this.http = new Http(node.endpoints().httpUrl());
    this.producer = node.storage().kafka().producer("recommend-test-" + UUID.randomUUID());
  }

  /** A node whose Redis is database {@code db}, emptied after start (a start may restore a snapshot). */
  public static RecommendFixtures start(int db, String... env) throws Exception {
    ServiceUrls shared = SharedServices.urls();
    ReelayNode node = TestNodes.start(new ServiceUrls(shared.postgres(), shared.redis() + "/" + db,
        shared.kafkaBootstrap()), env);
    node.storage().redisClient().send(Request.cmd(Command.FLUSHDB)).await();
    return new RecommendFixtures(node);
  }

  public void stop() {
    producer.close().await();
    node.stop();
  }

  public Http.User creator() {
    return http.registerUser("rc");
  }

  /** A ready video (as if transcoded, 10 minutes long). */
  public Video video(Http.User owner, String title, Visibility visibility, String... tags) {
    Video v = node.catalog().createVideo(owner.id(), new VideoDraft(title, "", List.of(tags), visibility)).await();
    node.storage().pg().preparedQuery("UPDATE videos SET status = 'ready', duration_ms = 600000 WHERE id = $1")
        .execute(Tuple.of(v.id())).await();
    return node.catalog().find(v.id()).await();
  }

  /** An event of the contract for a device or user subject ({@code d:…}/{@code u:…}) on a video. */
  public static JsonObject event(String type, String subject, String videoId) {
    return new JsonObject().put("eventId", UUID.randomUUID().toString()).put("type", type)
        .put("subject", subject).put("videoId", videoId).put("serverTime", System.currentTimeMillis())
        .put("source", "client");
  }

  public static JsonObject heartbeat(String subject, String videoId, double seconds) {
    return event("heartbeat", subject, videoId).put("watchedSeconds", seconds).put("position", seconds);
  }

  public void send(JsonObject... events) {
    for (JsonObject e : events) {
      sendRaw(e.getString("subject"), e.encode());
    }
  }

  /** Any value under a key, acknowledged by Kafka. */
  public void sendRaw(String key, String value) {
    producer.send(KafkaProducerRecord.create(ProfileConsumer.TOPIC, key, value)).await();
  }

  /** Watched most of it, then finished it. */
  public void watch(String subject, String videoId) {
    send(event("play", subject, videoId), heartbeat(subject, videoId, 300), event("complete", subject, videoId));
  }
}
