package io.reelay.recommend.tracking;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Appends events to {@code reelay.events} and says when Kafka has acknowledged all of them (acks=all,
 * idempotent). Its producer has short timeouts of its own: an HTTP request waits on it, and a client would rather
 * get a 503 and resend than hang. A batch is handed to the Kafka client in one worker task (a send blocks while the
 * topic's metadata is unknown) and completes with one hop back to the caller's context, not one per event.
 */
final class EventLog {

  /** Kafka settings of the dedicated producer. delivery.timeout.ms must be at least linger + request timeout. */
  static final Map<String, String> PRODUCER = Map.of(
      "linger.ms", "2",
      "batch.size", Integer.toString(128 * 1024),
      "request.timeout.ms", "2500",
      "delivery.timeout.ms", "3000",
      "max.block.ms", "2000");
  /** Past this, a batch is given up on even if the Kafka client has not said so yet. */
  static final long ACK_TIMEOUT_MS = 4_000;
  /** Batches waiting for Kafka at most; beyond, requests are refused at once rather than queued without bound. */
  static final int MAX_IN_FLIGHT = 256;

  private final Vertx vertx;
  private final KafkaProducer<String, String> kafka;
  private final Producer<String, String> producer;
  private final WorkerExecutor senders;
  private final AtomicInteger inFlight = new AtomicInteger();

  EventLog(Vertx vertx, KafkaProducer<String, String> kafka) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.producer = kafka.unwrap();
    this.senders = vertx.createSharedWorkerExecutor("reelay-tracking-kafka", 2);
  }

  /** Completes once Kafka acknowledged every event; fails (Kafka down, timeout, too busy) otherwise. */
  Future<Void> append(List<TrackedEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      return Future.failedFuture(new IllegalStateException(MAX_IN_FLIGHT + " batches already wait for Kafka"));
    }
    Pending batch = new Pending(vertx.getOrCreateContext(), events.size());
    long timer = vertx.setTimer(ACK_TIMEOUT_MS, id -> batch.fail(new IllegalStateException(
        "Kafka did not acknowledge within " + ACK_TIMEOUT_MS + " ms")));
    senders.executeBlocking(() -> {
      for (TrackedEvent event : events) {
        if (batch.over) {
          break; // failed already: the rest would each wait for Kafka in vain
        }
        producer.send(new ProducerRecord<>(TrackedEvent.TOPIC, event.subject(), event.json().encode()),
            (metadata, error) -> {
              if (error != null) {
                batch.fail(error);
              } else {
                batch.acked();
              }
            });
      }
      return null;
    }, false).onFailure(batch::fail);
    return batch.promise.future().andThen(done -> {
      vertx.cancelTimer(timer);
      inFlight.decrementAndGet();
    });
  }

  /** One batch on its way: completes on the caller's context once every event is acknowledged, or at the first failure. */
  private static final class Pending {
    final Context context;
    final AtomicInteger remaining;
    final Promise<Void> promise = Promise.promise();
    volatile boolean over;

    Pending(Context context, int events) {
      this.context = context;
      this.remaining = new AtomicInteger(events);
    }

    void acked() {
      if (remaining.decrementAndGet() == 0) {
        over = true;
        context.runOnContext(v -> promise.tryComplete());
      }
    }

    void fail(Throwable error) {
      over = true;
      context.runOnContext(v -> promise.tryFail(error));
    }
  }

  Future<Void> close() {
    return kafka.close(2_000).eventually(senders::close);
  }
}
