package io.reelay.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.live.srt.SrtPayloadSink;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandedOffSinkTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context pipeline = ((VertxInternal) vertx).createEventLoopContext();
  private final Context listener = ((VertxInternal) vertx).createEventLoopContext();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicInteger disconnects = new AtomicInteger();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** Records what arrives, and on which context. */
  private final class Recorder implements SrtPayloadSink {

    @Override
    public void payload(Buffer message) {
      seen.add(Vertx.currentContext() == pipeline ? message.toString() : "wrong context: " + message);
      if (message.toString().equals("boom")) {
        throw new IllegalStateException("boom");
      }
    }

    @Override
    public void end() {
      seen.add(Vertx.currentContext() == pipeline ? "end" : "wrong context: end");
      ended.countDown();
    }
  }

  private void onListener(Runnable work) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    listener.runOnContext(v -> {
      work.run();
      done.countDown();
    });
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void batchesArriveInOrderOnThePipelineContextThenTheEnd() throws InterruptedException {
    HandedOffSink sink = new HandedOffSink(pipeline, new Recorder(), disconnects::incrementAndGet);
    onListener(() -> {
      sink.payload(Buffer.buffer("a"));
      sink.payload(Buffer.buffer("b"));
      sink.flush();
      sink.payload(Buffer.buffer("c"));
      sink.flush();
      sink.flush(); // nothing new: no task
      sink.end();
    });
    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactly("a", "b", "c", "end");
    assertThat(disconnects).hasValue(0);
  }

  @Test
  void nothingCrossesBeforeTheFlush() throws InterruptedException {
    HandedOffSink sink = new HandedOffSink(pipeline, new Recorder(), disconnects::incrementAndGet);
    onListener(() -> sink.payload(Buffer.buffer("held")));
    Thread.sleep(100);
    assertThat(seen).isEmpty();
  }

  @Test
  void aPipelineTooFarBehindIsDisconnected() throws InterruptedException {
    CountDownLatch blocked = new CountDownLatch(1);
    pipeline.runOnContext(v -> {
      try {
        blocked.await(5, TimeUnit.SECONDS); // the pipeline's loop is stuck
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    HandedOffSink sink = new HandedOffSink(pipeline, new Recorder(), disconnects::incrementAndGet);
    Buffer chunk = Buffer.buffer(new byte[1 << 20]);
    onListener(() -> {
      for (int i = 0; i < 9; i++) {
        sink.payload(chunk);
        sink.flush();
      }
      sink.payload(chunk);
      sink.flush(); // after the disconnect: dropped
    });
    assertThat(disconnects).hasValue(1);
    blocked.countDown();
    onListener(sink::end);
    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).hasSize(9); // 8 batches of 1 MiB, then the end
  }

  @Test
  void aFailingSinkEndsAndDisconnectsOnce() throws InterruptedException {
    HandedOffSink sink = new HandedOffSink(pipeline, new Recorder(), disconnects::incrementAndGet);
    onListener(() -> {
      sink.payload(Buffer.buffer("boom"));
      sink.payload(Buffer.buffer("after"));
      sink.flush();
      sink.end();
    });
    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(50);
    assertThat(seen).containsExactly("boom", "end");
    assertThat(disconnects).hasValue(1);
  }
}
