package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admitted caller on the listener's context: its {@link SrtReceiver}, its sink, and how it ends. It ends once
 * (shutdown, idle, full, disconnected by Reelay, listener closing, a failing sink): what complete messages are
 * still held are delivered, then {@link SrtPayloadSink#end()}.
 */
final class SrtConnection implements SrtReceiver.Output {

  private static final Logger log = LoggerFactory.getLogger(SrtConnection.class);

  final int socketId;
  final int peerSocket;
  final Remote remote;
  final SrtStreamId streamId;
  /** Our conclusion reply, sent again when the caller repeats its conclusion. */
  final Buffer reply;
  private final Instant connectedAt = Instant.now();
  private final int latencyMillis;
  private final SrtReceiver receiver;
  private final SrtPayloadSink sink;
  private final SrtSettings settings;
  private final BiConsumer<Buffer, Remote> socket;
  private final Runnable onClosed;
  private final LongConsumer lateness;
  private long fullSince = -1;
  private boolean sinkFailed;
  private boolean closed;

  SrtConnection(int socketId, HandshakeRules.Offer offer, Remote remote, Buffer reply, long now,
      TsbpdClock clock, ByteBudget budget, SrtPayloadSink sink, SrtSettings settings,
      BiConsumer<Buffer, Remote> socket, Runnable onClosed, LongConsumer lateness) {
    this.socketId = socketId;
    this.peerSocket = offer.peerSocket();
    this.remote = remote;
    this.streamId = offer.streamId();
    this.reply = reply;
    this.latencyMillis = offer.latencyMillis();
    this.sink = sink;
    this.settings = settings;
    this.socket = socket;
    this.onClosed = onClosed;
    this.lateness = lateness;
    this.receiver = new SrtReceiver(peerSocket, now, offer.isn(), settings.flowWindow(), clock, budget, this);
  }

  void onPacket(SrtPacket packet, long now) {
    if (closed) {
      return;
    }
    if (packet instanceof DataPacket data) {
      receiver.onData(data, now);
    } else if (receiver.onControl((ControlPacket) packet, now)) {
      close("shut down by the caller", false, now);
      return;
    }
    closeIfSinkFailed(now);
  }

  void tick(long now) {
    if (closed) {
      return;
    }
    receiver.tick(now);
    flushSink();
    closeIfSinkFailed(now);
    if (receiver.idleFor(now) > settings.idleTimeout().toNanos() / 1000) {
      close("idle for " + settings.idleTimeout().toMillis() + " ms", false, now);
    } else if (!receiver.full()) {
      fullSince = -1;
    } else if (fullSince < 0) {
      fullSince = now;
    } else if (now - fullSince > settings.fullTimeout().toNanos() / 1000) {
      close("receive buffer full for " + settings.fullTimeout().toMillis() + " ms", true, now);
    }
  }

  /** Ends the connection; {@code tellPeer}: send it a shutdown (not when it is the one that left). */
  void close(String why, boolean tellPeer, long now) {
    if (closed) {
      return;
    }
    if (tellPeer) {
      send(new ControlPacket(ControlPacket.SHUTDOWN, 0, 0, peerSocket, Buffer.buffer(4).appendInt(0)));
    }
    receiver.finish(now); // still open: the tail is delivered
    flushSink();
    closed = true;
    log.info("srt connection {} from {} key={} closed: {} (received {}, lost {}, retransmitted {}, dropped {})",
        socketId, remote, streamId.maskedKey(), why, receiver.received, receiver.lost, receiver.retransmitted,
        receiver.dropped);
    onClosed.run(); // first: once the sink hears end(), the listener no longer lists the connection
    try {
      sink.end();
    } catch (RuntimeException e) {
      log.warn("srt sink of {} failed to end", streamId.maskedKey(), e);
    }
  }

  boolean closed() {
    return closed;
  }

  long bufferedBytes() {
    return receiver.bufferedBytes();
  }

  SrtConnectionStats stats() {
    return new SrtConnectionStats(socketId, remote.toString(), streamId.maskedKey(), connectedAt, latencyMillis,
        receiver.rttMicros() / 1000.0, receiver.rttVarMicros() / 1000.0, receiver.received, receiver.lost,
        receiver.retransmitted, receiver.dropped, receiver.discarded, receiver.bytesReceived,
        receiver.byteRate() * 8, receiver.bufferedPackets());
  }

  @Override
  public void send(ControlPacket packet) {
    socket.accept(packet.encode(), remote);
  }

  @Override
  public void deliver(Buffer message) {
    if (closed || sinkFailed) {
      return;
    }
    try {
      sink.payload(message);
    } catch (RuntimeException e) {
      log.warn("srt sink of {} failed", streamId.maskedKey(), e);
      sinkFailed = true;
    }
  }

  @Override
  public void lateness(long micros) {
    lateness.accept(micros);
  }

  private void flushSink() {
    if (sinkFailed) {
      return;
    }
    try {
      sink.flush();
    } catch (RuntimeException e) {
      log.warn("srt sink of {} failed", streamId.maskedKey(), e);
      sinkFailed = true;
    }
  }

  private void closeIfSinkFailed(long now) {
    if (sinkFailed) {
      close("the sink failed", true, now);
    }
  }
}
