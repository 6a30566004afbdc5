package io.reelay.live.srt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handshakes addressed to the listener (destination socket 0), on the listener's context.
 *
 * <ul>
 *   <li>Induction: answered from the SYN cookie alone; nothing is remembered.
 *   <li>Conclusion with a good cookie: checked ({@link HandshakeRules}), then {@link SrtAdmission} is asked. While
 *       it decides, repeats of the conclusion are ignored; once decided, they get the same reply again (the
 *       connection's reply, or the rejection, remembered for {@value #REJECTION_MEMORY_MICROS} µs).
 * </ul>
 * Only callers that proved their address with a cookie cost any state, and that state is bounded.
 */
final class Acceptor {

  private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
  private static final long REJECTION_MEMORY_MICROS = 10_000_000;
  private static final long ADMISSION_TIMEOUT_MICROS = 10_000_000;
  private static final int MAX_REMEMBERED_REJECTIONS = 1024;

  /** What the acceptor needs of the listener. */
  interface Registry {

    void send(Buffer datagram, Remote to);

    /** The established connection of this caller socket, or null. */
    SrtConnection connection(String peerKey);

    int connectionCount();

    /** Opens the connection and sends the accepting reply. */
    SrtConnection open(HandshakeRules.Offer offer, Remote remote, long arrival, int handshakeTimestamp,
        SrtPayloadSink sink);

    boolean closing();

    long now();
  }

  /** A caller whose admission is being decided; {@code disconnect} may come before or after the answer. */
  private static final class Pending {

    final long since;
    SrtConnection connection;
    boolean cancelled;

    Pending(long since) {
      this.since = since;
    }
  }

  private record Rejection(Buffer reply, long until) {}

  private final SrtSettings settings;
  private final SrtAdmission admission;
  private final SynCookies cookies;
  private final Context context;
  private final Registry registry;
  private final Map<String, Pending> pending = new HashMap<>();
  private final LinkedHashMap<String, Rejection> rejections = new LinkedHashMap<>();

  Acceptor(SrtSettings settings, SrtAdmission admission, SynCookies cookies, Context context, Registry registry) {
    this.settings = settings;
    this.admission = admission;
    this.cookies = cookies;
    this.context = context;
    this.registry = registry;
  }

  void onHandshake(ControlPacket packet, Remote remote, long now) {
    Handshake hs = Handshake.decode(packet.cif());
    if (hs.type() == Handshake.INDUCTION) {
      Handshake reply = HandshakeRules.induction(hs, cookies.cookie(remote.toString()), remote.address());
      registry.send(reply.packet(timestamp(now), hs.socketId()).encode(), remote);
    } else if (hs.type() == Handshake.CONCLUSION && cookies.verify(remote.toString(), hs.cookie())) {
      conclusion(hs, packet.timestamp(), remote, now);
    } // rendezvous (waveahand), agreement, bad cookies: not for a listener, or not proven; ignored
  }

  /** Forgets what it no longer needs; run every so often. */
  void tick(long now) {
    rejections.values().removeIf(r -> r.until() < now);
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (now - p.since > ADMISSION_TIMEOUT_MICROS) {
        p.cancelled = true; // a late answer is let go
        it.remove();
      }
    }
  }

  int state() {
    return pending.size() + rejections.size();
  }

  private void conclusion(Handshake hs, int hsTimestamp, Remote remote, long now) {
    String peerKey = remote + "/" + hs.socketId();
    SrtConnection established = registry.connection(peerKey);
    if (established != null) {
      registry.send(established.reply, remote);
      return;
    }
    Rejection rejected = rejections.get(peerKey);
    if (rejected != null) {
      registry.send(rejected.reply(), remote);
      return;
    }
    if (pending.containsKey(peerKey)) {
      return; // answered when the admission decides
    }
    HandshakeRules.Offer offer;
    try {
      if (registry.closing()) {
        throw new SrtRejected(SrtRejected.CLOSE, "the server is shutting down");
      }
      if (registry.connectionCount() + pending.size() >= settings.maxConnections()) {
        throw new SrtRejected(SrtRejected.BACKLOG, "too many connections");
      }
      offer = HandshakeRules.conclusion(hs, settings.latencyMillis());
    } catch (SrtRejected e) {
      reject(hs, peerKey, remote, e, now);
      return;
    }
    Pending p = new Pending(now);
    pending.put(peerKey, p);
    Runnable disconnect = () -> context.runOnContext(v -> {
      p.cancelled = true;
      if (p.connection != null) {
        p.connection.close("disconnected by Reelay", true, registry.now());
      }
    });
    Future<SrtPayloadSink> answer;
    try {
      answer = admission.admit(offer.streamId(), remote.toString(), disconnect);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(ar -> onContext(() -> {
      if (pending.get(peerKey) == p) {
        pending.remove(peerKey);
      }
      if (ar.succeeded() && (p.cancelled || registry.closing())) {
        ar.result().end(); // the caller was let go while we waited: release what was opened for it
      } else if (ar.succeeded()) {
        p.connection = registry.open(offer, remote, now, hsTimestamp, ar.result());
        log.info("srt publish start: key={} remote={} socket={} latency={}ms", offer.streamId().maskedKey(), remote,
            p.connection.socketId, offer.latencyMillis());
      } else if (!p.cancelled) {
        SrtRejected why = ar.cause() instanceof SrtRejected r ? r
            : new SrtRejected(SrtRejected.UNAVAILABLE, "the stream cannot be published now");
        reject(hs, peerKey, remote, why, registry.now());
      }
    }));
  }

  private void reject(Handshake hs, String peerKey, Remote remote, SrtRejected why, long now) {
    log.info("srt caller {} rejected: {} {}", remote, why.code(), why.reason());
    Buffer reply = HandshakeRules.reject(hs, why, remote.address()).packet(timestamp(now), hs.socketId()).encode();
    if (rejections.size() >= MAX_REMEMBERED_REJECTIONS) {
      rejections.remove(rejections.keySet().iterator().next());
    }
    rejections.put(peerKey, new Rejection(reply, now + REJECTION_MEMORY_MICROS));
    registry.send(reply, remote);
  }

  private void onContext(Runnable work) {
    if (Vertx.currentContext() == context) {
      work.run();
    } else {
      context.runOnContext(v -> work.run());
    }
  }

  private static int timestamp(long now) {
    return (int) now;
  }
}
