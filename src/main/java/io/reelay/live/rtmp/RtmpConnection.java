package io.reelay.live.rtmp;

import io.reelay.live.ingest.Publishers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP client on its socket's event loop: handshake, then chunks to messages, control messages, commands
 * (via {@link Commands}) and the media of an admitted publish (via {@link PublishSession}).
 *
 * <p>Reading stops while it cannot go on: while {@link Publishers} decides on a publish, and while the sink is
 * full; the socket is paused then, so TCP pushes back on the publisher. Any failure - the peer's garbage, a
 * timeout, a closed socket, even a bug here - ends only this connection, and its sink exactly once.
 */
final class RtmpConnection {

  private static final Logger log = LoggerFactory.getLogger(RtmpConnection.class);
  private static final int BLOCKED_BY_PUBLISH = 1;
  private static final int BLOCKED_BY_SINK = 2;

  private final Vertx vertx;
  private final NetSocket socket;
  private final RtmpSettings settings;
  private final Publishers publishers;
  private final Runnable onClose;
  private final String remote;
  private final Handshake handshake = new Handshake();
  private final ChunkReader reader;
  private final ChunkWriter writer = new ChunkWriter();
  private final Commands commands = new Commands(this);
  private PublishSession session;
  private long bytesIn;
  private long bytesAcked;
  private long peerWindow;
  private long lastRead = System.nanoTime();
  private int blocked;
  private boolean publishPending;
  private boolean closed;
  private long handshakeTimer = -1;
  private long idleTimer = -1;

  RtmpConnection(Vertx vertx, NetSocket socket, RtmpSettings settings, Publishers publishers, Runnable onClose) {
    this.vertx = vertx;
    this.socket = socket;
    this.settings = settings;
    this.publishers = publishers;
    this.onClose = onClose;
    this.remote = String.valueOf(socket.remoteAddress());
    this.reader = new ChunkReader(settings.maxChunkSize(), settings.maxMessageSize(), this::onMessage);
  }

  void start() {
    socket.handler(this::onBytes);
    socket.closeHandler(v -> close("connection closed"));
    socket.exceptionHandler(e -> close("socket error: " + e.getMessage()));
    handshakeTimer = vertx.setTimer(settings.handshakeTimeout().toMillis(), id -> close("handshake timeout"));
    long idleMillis = settings.idleTimeout().toMillis();
    idleTimer = vertx.setPeriodic(Math.max(50, idleMillis / 4), id -> {
      if (blocked == 0 && System.nanoTime() - lastRead > idleMillis * 1_000_000) {
        close("idle for " + idleMillis + " ms");
      }
    });
  }

  private void onBytes(Buffer data) {
    if (closed) {
      return;
    }
    lastRead = System.nanoTime();
    bytesIn += data.length();
    guarded(() -> {
      Buffer chunks = data;
      if (!handshake.done()) {
        Buffer reply = handshake.feed(data);
        if (reply != null) {
          socket.write(reply);
        }
        if (!handshake.done()) {
          return;
        }
        vertx.cancelTimer(handshakeTimer);
        chunks = handshake.leftover();
      }
      reader.feed(chunks);
      acknowledge();
    });
  }

  /** Runs protocol work; whatever it throws ends this connection alone, with a reply where one helps. */
  private void guarded(Runnable work) {
    try {
      work.run();
    } catch (UnsupportedMediaException e) {
      refuse(Replies.status(session == null ? 0 : session.streamId(), "error", Replies.STREAM_FAILED,
          e.getMessage()), e.getMessage());
    } catch (RtmpProtocolException e) {
      log.info("rtmp connection from {}: protocol error: {}", remote, e.getMessage());
      close("protocol error: " + e.getMessage());
    } catch (RuntimeException e) {
      log.warn("rtmp connection from {} failed", remote, e);
      close("internal error: " + e);
    }
  }

  /** The peer asked (Window Acknowledgement Size) to hear how much we received every so many bytes. */
  private void acknowledge() {
    if (peerWindow > 0 && bytesIn - bytesAcked >= peerWindow && !closed) {
      bytesAcked = bytesIn;
      send(Commands.CONTROL_CSID, ControlMessages.acknowledgement(bytesIn));
    }
  }

  private void onMessage(RtmpMessage m) {
    switch (m.type()) {
      case RtmpMessage.WINDOW_ACK_SIZE -> peerWindow = m.payload().length() >= 4 ? m.payload().getUnsignedInt(0) : 0;
      case RtmpMessage.USER_CONTROL -> userControl(m.payload());
      case RtmpMessage.COMMAND_AMF0, RtmpMessage.COMMAND_AMF3 -> commands.handle(m);
      case RtmpMessage.DATA_AMF0, RtmpMessage.DATA_AMF3 -> {
        if (session != null) {
          session.data(Commands.values(m));
        }
      }
      case RtmpMessage.AUDIO, RtmpMessage.VIDEO -> media(m);
      case AggregateMessages.TYPE -> {
        for (RtmpMessage sub : AggregateMessages.split(m)) {
          if (sub.type() == RtmpMessage.AUDIO || sub.type() == RtmpMessage.VIDEO) {
            media(sub);
          }
        }
      }
      default -> { } // acknowledgements, peer bandwidth, shared objects: nothing we need
    }
  }

  private void userControl(Buffer p) {
    if (p.length() >= 6 && p.getUnsignedShort(0) == ControlMessages.PING_REQUEST) {
      send(Commands.CONTROL_CSID, ControlMessages.userControl(ControlMessages.PING_RESPONSE, p.getUnsignedInt(2)));
    }
  }

  private void media(RtmpMessage m) {
    if (session == null || m.streamId() != session.streamId()) {
      return; // not (or no longer) publishing: FFmpeg may still flush a frame after deleteStream
    }
    session.media(m);
    if (session.full()) {
      block(BLOCKED_BY_SINK);
      session.drainHandler(() -> unblock(BLOCKED_BY_SINK));
    }
  }

  /** publish: asks {@link Publishers}; reading waits for the answer, so no media piles up meanwhile. */
  void publish(int streamId, String key) {
    if (session != null || publishPending) {
      refuse(Replies.status(streamId, "error", Replies.PUBLISH_BAD_NAME, "this connection is already publishing"),
          "second publish");
      return;
    }
    if (key.isEmpty()) {
      refuse(Replies.status(streamId, "error", Replies.PUBLISH_BAD_NAME, "no stream key"), "no stream key");
      return;
    }
    publishPending = true;
    block(BLOCKED_BY_PUBLISH);
    publishers.publish("rtmp", key, remote, () -> close("Reelay let the publisher go")).onComplete(ar -> {
      publishPending = false;
      if (closed) {
        if (ar.succeeded()) {
          ar.result().end(); // the publisher left while we waited: release what was opened for it
        }
        return;
      }
      if (ar.failed()) {
        log.info("rtmp publish refused: key={} remote={} reason={}", PublishSession.masked(key), remote,
            ar.cause().getMessage());
        refuse(Replies.refused(streamId, ar.cause()), "publish refused");
        return;
      }
      session = new PublishSession(streamId, key, remote, ar.result());
      send(Commands.CONTROL_CSID, ControlMessages.userControl(ControlMessages.STREAM_BEGIN, streamId));
      send(Commands.STREAM_CSID, Replies.status(streamId, "status", Replies.PUBLISH_START, "Publishing."));
      unblock(BLOCKED_BY_PUBLISH);
    });
  }

  /** deleteStream / closeStream: the publish ends, the connection may stay (and publish again). */
  void unpublish(int streamId) {
    if (session != null && session.streamId() == streamId) {
      session.end("unpublished");
      session = null;
      unblock(BLOCKED_BY_SINK);
    }
  }

  void send(int csid, RtmpMessage m) {
    if (closed) {
      return;
    }
    socket.write(writer.write(csid, m));
    if (socket.writeQueueFull()) {
      close("the peer does not read what we send"); // we send little: only a peer that never reads gets here
    }
  }

  void outChunkSize(int size) {
    writer.chunkSize(size);
  }

  /** Sends a last error reply, then closes once it is written, so the client reads why. */
  void refuse(RtmpMessage reply, String reason) {
    if (closed) {
      return;
    }
    Buffer bytes = writer.write(reply.streamId() == 0 ? Commands.COMMAND_CSID : Commands.STREAM_CSID, reply);
    close(reason, () -> socket.write(bytes).onComplete(v -> socket.close()));
  }

  private void block(int reason) {
    blocked |= reason;
    reader.pause();
    socket.pause();
  }

  private void unblock(int reason) {
    blocked &= ~reason;
    if (blocked == 0 && !closed) {
      lastRead = System.nanoTime(); // the time spent blocked was ours, not the peer's
      socket.resume();
      guarded(() -> {
        reader.resume();
        acknowledge();
      });
    }
  }

  private void close(String reason) {
    close(reason, socket::close);
  }

  /** Ends everything once: timers, reading, the sink; then {@code closeSocket}. */
  private void close(String reason, Runnable closeSocket) {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(handshakeTimer);
    vertx.cancelTimer(idleTimer);
    reader.pause();
    if (session != null) {
      try {
        session.end(reason);
      } catch (RuntimeException e) {
        log.warn("rtmp connection from {}: the sink failed to end", remote, e); // still close the socket
      }
      session = null;
    } else {
      log.debug("rtmp connection from {} closed: {}", remote, reason);
    }
    closeSocket.run();
    onClose.run();
  }
}
