package io.reelay.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared storage clients against real PostgreSQL, Redis and Kafka. */
@ExtendWith(SharedServices.class)
class StorageTest {

  static Vertx vertx;
  static Storage storage;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    storage = Storage.connect(vertx, SharedServices.urls(), 2);
  }

  @AfterAll
  static void close() {
    storage.close().await();
    vertx.close().await();
  }

  @Test
  void everyPingSucceeds() {
    storage.pingPostgres().await();
    storage.pingRedis().await();
    storage.pingKafka().await();
  }

  @Test
  void migrationsCreatedTheIdentityTables() {
    long tables = storage.pg().query("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('users', 'node_secrets')")
        .execute().await().iterator().next().getLong(0);
    assertThat(tables).isEqualTo(2);
  }

  @Test
  void redisStoresAndReturnsValues() {
    String key = TestNodes.uniqueName("storage-test");
    storage.redis().set(List.of(key, "v1")).await();
    assertThat(storage.redis().get(key).await().toString()).isEqualTo("v1");
  }

  @Test
  void producedRecordsAreAcknowledgedAndConsumedByAGroup() throws Exception {
    String topic = TestNodes.uniqueName("storage-test");
    KafkaProducer<String, String> producer = storage.kafka().producer("storage-test");
    RecordMetadata sent = producer.send(KafkaProducerRecord.create(topic, "user-1", "{\"type\":\"play\"}")).await();
    assertThat(sent.getOffset()).isZero();
    producer.close().await();

    KafkaConsumer<String, String> consumer = storage.kafka().consumer("storage-test", TestNodes.uniqueName("group"));
    consumer.subscribe(topic).await();
    long deadline = System.currentTimeMillis() + 30_000;
    KafkaConsumerRecords<String, String> records = null;
    while ((records == null || records.isEmpty()) && System.currentTimeMillis() < deadline) {
      records = consumer.poll(Duration.ofMillis(500)).await();
    }
    assertThat(records).isNotNull();
    assertThat(records.size()).isEqualTo(1);
    assertThat(records.recordAt(0).key()).isEqualTo("user-1");
    assertThat(records.recordAt(0).value()).isEqualTo("{\"type\":\"play\"}");
    consumer.commit().await();
    consumer.close().await();
  }
}
