package io.reelay.live;

import io.reelay.live.ingest.IngestSink;
import io.reelay.live.mpegts.TsDemuxer;
import io.reelay.live.srt.SrtPayloadSink;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SRT connection's MPEG-TS, demuxed into the live pipeline. UDP cannot be paused like a TCP socket, so while
 * the pipeline is full (the recording's disk is behind) messages wait here, up to {@link #MAX_HELD_BYTES}; a
 * publisher still over that is disconnected rather than buffered without bound.
 */
final class TsPayloadSink implements SrtPayloadSink {

  static final int MAX_HELD_BYTES = 8 << 20;
  private static final Logger LOG = LoggerFactory.getLogger(TsPayloadSink.class);

  private final IngestSink sink;
  private final TsDemuxer demuxer;
  private final Runnable disconnect;
  private final Runnable onEnd;
  private final ArrayDeque<Buffer> held = new ArrayDeque<>();
  private int heldBytes;
  private boolean ended;

  /**
   * @param disconnect closes the SRT connection (its {@link #end()} follows)
   * @param onEnd runs once when the connection is over
   */
  TsPayloadSink(IngestSink sink, Runnable disconnect, Runnable onEnd) {
    this.sink = sink;
    this.demuxer = new TsDemuxer(sink);
    this.disconnect = disconnect;
    this.onEnd = onEnd;
  }

  @Override
  public void payload(Buffer message) {
    if (ended) {
      return;
    }
    if (held.isEmpty() && !sink.full()) {
      demuxer.feed(message);
      return;
    }
    held.add(message);
    heldBytes += message.length();
    if (held.size() == 1) {
      sink.drainHandler(this::drain);
    }
    if (heldBytes > MAX_HELD_BYTES) {
      LOG.warn("srt publisher of stream {}: the pipeline stayed full with {} bytes waiting, disconnecting it",
          sink.streamId(), heldBytes);
      held.clear();
      heldBytes = 0;
      disconnect.run();
    }
  }

  /** On the connection's context, once the pipeline has room again. */
  private void drain() {
    while (!ended && !held.isEmpty() && !sink.full()) {
      Buffer message = held.poll();
      heldBytes -= message.length();
      demuxer.feed(message);
    }
    if (!ended && !held.isEmpty()) {
      sink.drainHandler(this::drain);
    }
  }

  @Override
  public void end() {
    if (ended) {
      return;
    }
    drain();
    ended = true;
    held.clear();
    demuxer.flush();
    sink.end();
    onEnd.run();
  }
}
