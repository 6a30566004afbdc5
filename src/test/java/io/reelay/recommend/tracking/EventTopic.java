package io.reelay.recommend.tracking;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code reelay.events} back with a plain Kafka consumer, as the profile builder will. */
final class EventTopic {

  /** One record: its key and its value. */
  record Read(String key, JsonObject value) {}

  private EventTopic() {}

  /** From the start of the topic, the records {@code match} accepts, until {@code expected} of them (or 30 s). */
  static List<Read> await(String bootstrap, int expected, Predicate<JsonObject> match) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "tracking-test-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    p.put("enable.auto.commit", "false");
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    List<Read> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(TrackedEvent.TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (found.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          JsonObject value = json(r.value());
          if (value != null && match.test(value)) {
            found.add(new Read(r.key(), value));
          }
        }
      }
    }
    return found;
  }

  /** The topic is shared with other tests, some of which write records that are not JSON on purpose. */
  private static JsonObject json(String value) {
    try {
      return new JsonObject(value);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
