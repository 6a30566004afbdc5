package io.reelay.live;

import io.reelay.live.srt.SrtPayloadSink;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SRT connection's sink run on a context of its own rather than the listener's. The listener reads every
 * caller's datagrams on one event loop; the pipeline behind each caller (demuxing, segmenting, recording) is spread
 * over the event loops as RTMP connections are, so it neither holds up the reading of other callers' datagrams
 * (the kernel drops them once its buffer is full) nor is limited to one core.
 *
 * <p>Messages cross in batches, one task per listener tick ({@link #flush()}), so the cost of crossing threads is
 * not paid per message. The bytes in flight are bounded: a connection whose pipeline falls that far behind is
 * disconnected rather than buffered without bound.
 */
final class HandedOffSink implements SrtPayloadSink {

  static final long MAX_IN_FLIGHT_BYTES = 8 << 20;
  private static final Logger LOG = LoggerFactory.getLogger(HandedOffSink.class);

  private final Context context;
  private final SrtPayloadSink target;
  private final Runnable disconnect;
  private final AtomicLong inFlight = new AtomicLong();
  /** Listener side: this tick's messages. */
  private List<Buffer> batch = new ArrayList<>();
  private long batchBytes;
  /** Listener side: stop handing over once the connection is being dropped. */
  private boolean overflowed;
  /** Pipeline side: the target failed or ended; nothing more reaches it. */
  private boolean done;

  /**
   * @param context where {@code target} runs
   * @param disconnect closes the SRT connection (its {@link #end()} follows)
   */
  HandedOffSink(Context context, SrtPayloadSink target, Runnable disconnect) {
    this.context = context;
    this.target = target;
    this.disconnect = disconnect;
  }

  /** On the listener's context. */
  @Override
  public void payload(Buffer message) {
    if (!overflowed) {
      batch.add(message);
      batchBytes += message.length();
    }
  }

  /** On the listener's context: hands this tick's messages over. */
  @Override
  public void flush() {
    if (batch.isEmpty() || overflowed) {
      return;
    }
    List<Buffer> messages = batch;
    long bytes = batchBytes;
    batch = new ArrayList<>();
    batchBytes = 0;
    if (inFlight.addAndGet(bytes) > MAX_IN_FLIGHT_BYTES) {
      overflowed = true;
      LOG.warn("srt publisher: its pipeline is {} bytes behind, disconnecting it", inFlight.get());
      disconnect.run();
      return;
    }
    context.runOnContext(v -> deliver(messages, bytes));
  }

  /** On the listener's context, after {@link #flush()}; runs after every batch handed over before it. */
  @Override
  public void end() {
    context.runOnContext(v -> {
      if (!done) {
        done = true;
        target.end();
      }
    });
  }

  private void deliver(List<Buffer> messages, long bytes) {
    inFlight.addAndGet(-bytes);
    for (int i = 0; i < messages.size() && !done; i++) {
      try {
        target.payload(messages.get(i));
      } catch (RuntimeException e) {
        LOG.warn("srt sink failed, disconnecting its publisher", e);
        done = true;
        target.end();
        disconnect.run();
      }
    }
  }
}
