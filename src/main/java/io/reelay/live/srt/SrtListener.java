package io.reelay.live.srt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRT ingest listener (receive side, live mode): one UDP socket for every caller, demultiplexed by the
 * destination socket id of each packet, all on one Vert.x context - no thread or timer per connection. A single
 * 5 ms tick drives every connection's TSBPD delivery, ACKs, NAKs, keepalives and timeouts.
 *
 * <p>Nothing a peer sends can throw out of the socket handler: a datagram that is not SRT, is truncated, or names
 * an unknown socket (or comes from another address than the socket's caller) is dropped and counted. Memory is
 * bounded per connection (the flow window) and in total ({@link SrtSettings#maxBufferedBytes()}).
 */
public final class SrtListener {

  private static final Logger log = LoggerFactory.getLogger(SrtListener.class);
  private static final long TICK_MILLIS = 5;
  private static final long STATS_MICROS = 1_000_000;

  private final SrtAdmission admission;
  private final SrtSettings settings;
  private final long t0 = System.nanoTime();
  private final Map<Integer, SrtConnection> bySocket = new HashMap<>();
  private final Map<String, SrtConnection> byPeer = new HashMap<>();
  private final ByteBudget budget;
  private final LongConsumer deliveryLateness;
  private Context context;
  private UdpSocket socket;
  private Acceptor acceptor;
  private long timer = -1;
  private long lastStats;
  private long budgetRefusedSince = -1;
  private boolean closing;
  private volatile List<SrtConnectionStats> stats = List.of();
  private volatile long ignoredDatagrams;

  public SrtListener(SrtAdmission admission, SrtSettings settings) {
    this(admission, settings, micros -> { });
  }

  /**
   * @param deliveryLateness told, on the listener's context, how late (µs) each message was handed over after its
   *     TSBPD time: what the receiver adds beyond the configured latency
   */
  public SrtListener(SrtAdmission admission, SrtSettings settings, LongConsumer deliveryLateness) {
    this.admission = admission;
    this.settings = settings;
    this.budget = new ByteBudget(settings.maxBufferedBytes());
    this.deliveryLateness = deliveryLateness;
  }

  /** Listens on {@code host:port} (0: any free port) on a context of {@code vertx}; completes with the port. */
  public Future<Integer> start(Vertx vertx, String host, int port) {
    return start(vertx.getOrCreateContext(), host, port);
  }

  /** Listens on {@code host:port} (0: any free port); the socket, connections and sinks run on {@code context}. */
  public Future<Integer> start(Context context, String host, int port) {
    Promise<Integer> started = Promise.promise();
    context.runOnContext(v -> {
      this.context = context;
      this.acceptor = new Acceptor(settings, admission, new SynCookies(System::currentTimeMillis), context,
          new Registry());
      UdpSocket.bind((ContextInternal) context, host, port, settings.socketReceiveBuffer(), this::onDatagram)
          .onComplete(ar -> {
        if (ar.failed()) {
          started.fail(ar.cause());
          return;
        }
        socket = ar.result();
        timer = context.owner().setPeriodic(TICK_MILLIS, id -> tick());
        int actual = socket.localPort();
        log.info("srt ingest listening on {}:{} (latency {} ms)", host, actual, settings.latencyMillis());
        started.complete(actual);
      });
    });
    return started.future();
  }

  /** Ends every connection (callers get a shutdown, sinks end) and closes the socket. */
  public Future<Void> close() {
    if (context == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> {
      closing = true;
      context.owner().cancelTimer(timer);
      long now = now();
      for (SrtConnection c : new ArrayList<>(bySocket.values())) {
        c.close("the listener closed", true, now);
      }
      stats = List.of();
      socket.close().onComplete(closed);
    });
    return closed.future();
  }

  /** The open connections, as of the last second or so; safe from any thread. */
  public List<SrtConnectionStats> connections() {
    return stats;
  }

  /** Datagrams dropped so far: not SRT, truncated, for unknown sockets, or from the wrong address. */
  public long ignoredDatagrams() {
    return ignoredDatagrams;
  }

  /** Pending admissions and remembered rejections plus open connections (tests: floods keep no state). */
  Future<Integer> stateSize() {
    Promise<Integer> size = Promise.promise();
    context.runOnContext(v -> size.complete(acceptor.state() + bySocket.size() + byPeer.size()));
    return size.future();
  }

  private void onDatagram(Buffer data, InetSocketAddress sender) {
    try {
      SrtPacket packet = SrtPacket.decode(data);
      long now = now();
      if (packet.destSocket() == 0) {
        if (packet instanceof ControlPacket c && c.type() == ControlPacket.HANDSHAKE && !closing) {
          acceptor.onHandshake(c, new Remote(sender), now);
        } else {
          ignoredDatagrams++;
        }
        return;
      }
      SrtConnection connection = bySocket.get(packet.destSocket());
      if (connection == null || !connection.remote.is(sender)) {
        ignoredDatagrams++;
        return;
      }
      connection.onPacket(packet, now);
    } catch (SrtProtocolException e) {
      ignoredDatagrams++;
    } catch (RuntimeException e) {
      ignoredDatagrams++;
      log.warn("srt datagram from {} failed", sender, e);
    }
  }

  private void tick() {
    long now = now();
    try {
      for (SrtConnection c : new ArrayList<>(bySocket.values())) {
        c.tick(now);
      }
      acceptor.tick(now);
      guardBudget(now);
      if (now - lastStats >= STATS_MICROS) {
        lastStats = now;
        publishStats();
      }
    } catch (RuntimeException e) {
      log.warn("srt tick failed", e);
    }
  }

  /** While the shared bound keeps refusing packets, the connection holding the most is closed. */
  private void guardBudget(long now) {
    if (!budget.refusedSinceLastAsked()) {
      budgetRefusedSince = -1;
      return;
    }
    if (budgetRefusedSince < 0) {
      budgetRefusedSince = now;
    } else if (now - budgetRefusedSince > settings.fullTimeout().toNanos() / 1000) {
      bySocket.values().stream().max((a, b) -> Long.compare(a.bufferedBytes(), b.bufferedBytes()))
          .ifPresent(c -> c.close("over its share of the receive buffers", true, now));
      budgetRefusedSince = -1;
    }
  }

  private void publishStats() {
    List<SrtConnectionStats> list = new ArrayList<>(bySocket.size());
    for (SrtConnection c : bySocket.values()) {
      list.add(c.stats());
    }
    stats = List.copyOf(list);
  }

  private void send(Buffer datagram, Remote to) {
    if (socket != null) {
      socket.send(datagram, to.socketAddress());
    }
  }

  private long now() {
    return (System.nanoTime() - t0) / 1000;
  }

  /** The acceptor's view of the listener. */
  private final class Registry implements Acceptor.Registry {

    @Override
    public void send(Buffer datagram, Remote to) {
      SrtListener.this.send(datagram, to);
    }

    @Override
    public SrtConnection connection(String peerKey) {
      return byPeer.get(peerKey);
    }

    @Override
    public int connectionCount() {
      return bySocket.size();
    }

    @Override
    public SrtConnection open(HandshakeRules.Offer offer, Remote remote, long arrival, int handshakeTimestamp,
        SrtPayloadSink sink) {
      int id;
      do {
        id = ThreadLocalRandom.current().nextInt(1, 1 << 30);
      } while (bySocket.containsKey(id));
      int socketId = id;
      String peerKey = remote + "/" + offer.peerSocket();
      long now = now();
      Buffer reply = HandshakeRules.accept(offer, socketId, settings.flowWindow(), remote.address())
          .packet((int) now, offer.peerSocket()).encode();
      TsbpdClock clock = new TsbpdClock(arrival, handshakeTimestamp, offer.latencyMillis() * 1000L);
      SrtConnection[] self = new SrtConnection[1];
      SrtConnection c = new SrtConnection(socketId, offer, remote, reply, now, clock, budget, sink, settings,
          SrtListener.this::send, () -> {
            bySocket.remove(socketId, self[0]);
            byPeer.remove(peerKey, self[0]);
            publishStats();
          }, deliveryLateness);
      self[0] = c;
      bySocket.put(socketId, c);
      byPeer.put(peerKey, c);
      SrtListener.this.send(reply, remote);
      publishStats();
      return c;
    }

    @Override
    public boolean closing() {
      return closing;
    }

    @Override
    public long now() {
      return SrtListener.this.now();
    }
  }
}
