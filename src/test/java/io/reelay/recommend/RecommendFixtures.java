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
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A node on a Redis database of its own (ranking reads global keys: trending, popularity), its catalog, and a
 * Kafka producer standing in for {@code POST /api/events}: events go to {@code reelay.events} as the event
 * contract says. The producer is the node's neighbour, not part of it, so events can be produced while the node
 * is down ({@link #restart}).
 */
public final class RecommendFixtures {

  public ReelayNode node;
  public Http http;
  private final ServiceUrls urls;
  private final String[] env;
  private final KafkaProducer<String, String> producer;

  private RecommendFixtures(ServiceUrls urls, String[] env) throws Exception {
    this.urls = urls;
    this.env = env;
    Properties p = new Properties();
    p.put("bootstrap.servers", urls.kafkaBootstrap());
    p.put("acks", "all");
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    this.producer = new KafkaProducer<>(p);
    startNode();
  }

  /** A node whose Redis is database {@code db}, emptied after start (a start may restore a snapshot). */
  public static RecommendFixtures start(int db, String... env) throws Exception {
    ServiceUrls shared = SharedServices.urls();
    RecommendFixtures fx = new RecommendFixtures(new ServiceUrls(shared.postgres(), shared.redis() + "/" + db,
        shared.kafkaBootstrap()), env);
    fx.node.storage().redisClient().send(Request.cmd(Command.FLUSHDB)).await();
    return fx;
  }

  private void startNode() throws Exception {
    node = TestNodes.start(urls, env);
    http = new Http(node.endpoints().httpUrl());
  }

  /**
   * Stops the node (its profile consumers finish their records, commit and leave the group), runs
   * {@code whileDown}, then starts a node on the same Redis database, which is kept as it is.
   */
  public void restart(ThrowingRunnable whileDown) throws Exception {
    node.stop();
    whileDown.run();
    startNode();
  }

  /** What {@link #restart} does while no node runs. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  public void stop() {
    producer.close();
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
    try {
      producer.send(new ProducerRecord<>(ProfileConsumer.TOPIC, key, value)).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("Kafka did not take the event", e);
    }
  }

  /** Watched most of it, then finished it. */
  public void watch(String subject, String videoId) {
    send(event("play", subject, videoId), heartbeat(subject, videoId, 300), event("complete", subject, videoId));
  }
}
