package io.reelay.node.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Factory for Kafka producers and consumers configured for this node, plus the admin client used
 * for readiness. Producers are durable by default (acks=all, idempotent): a capability acknowledges
 * an event to its client only after Kafka did.
 */
public final class KafkaClients {

  private final Vertx vertx;
  private final String bootstrap;
  private final KafkaAdminClient admin;

  KafkaClients(Vertx vertx, String bootstrap) {
    this.vertx = vertx;
    this.bootstrap = bootstrap;
    Map<String, String> adminConfig = base("reelay-admin");
    adminConfig.put("request.timeout.ms", "3000");
    adminConfig.put("default.api.timeout.ms", "5000");
    this.admin = KafkaAdminClient.create(vertx, adminConfig);
  }

  public String bootstrap() {
    return bootstrap;
  }

  public KafkaProducer<String, String> producer(String clientId) {
    return producer(clientId, Map.of());
  }

  /** A durable producer with some settings of its own (e.g. shorter timeouts for a request that waits on it). */
  public KafkaProducer<String, String> producer(String clientId, Map<String, String> overrides) {
    Map<String, String> config = base(clientId);
    config.put("acks", "all");
    config.put("enable.idempotence", "true");
    config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    config.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    config.put("delivery.timeout.ms", "10000");
    config.put("request.timeout.ms", "5000");
    config.put("max.block.ms", "5000");
    config.putAll(overrides);
    return KafkaProducer.create(vertx, config);
  }

  /** Offsets are committed by the capability after its state is written, never automatically. */
  public KafkaConsumer<String, String> consumer(String clientId, String groupId) {
    Map<String, String> config = base(clientId);
    config.put("group.id", groupId);
    config.put("enable.auto.commit", "false");
    config.put("auto.offset.reset", "earliest");
    config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    return KafkaConsumer.create(vertx, config);
  }

  /**
   * Creates the topic with {@code partitions} unless it exists (then it is left as it is). Topics are otherwise
   * auto-created with the broker's default partition count, usually 1, which would leave one consumer of a group
   * all the work. Replicated on up to 3 brokers (the Vert.x client cannot ask for the broker's default).
   */
  public Future<Void> ensureTopic(String topic, int partitions) {
    return admin.listTopics().compose(topics -> topics.contains(topic) ? Future.succeededFuture()
        : admin.describeCluster()
            .compose(cluster -> admin.createTopics(List.of(new NewTopic(topic, partitions,
                (short) Math.max(1, Math.min(3, cluster.getNodes().size()))))))
            .recover(e -> admin.listTopics().compose(again -> again.contains(topic) ? Future.succeededFuture()
                : Future.failedFuture(e))));
  }

  Future<Void> ping() {
    return admin.describeCluster()
        .timeout(3, TimeUnit.SECONDS)
        .compose(d -> d.getNodes().isEmpty()
            ? Future.failedFuture("no brokers in the cluster")
            : Future.succeededFuture());
  }

  Future<Void> close() {
    return admin.close(2000);
  }

  private Map<String, String> base(String clientId) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", bootstrap);
    config.put("client.id", clientId);
    return config;
  }
}
