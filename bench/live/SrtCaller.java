package io.reelay.live.srt;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import java.net.InetSocketAddress;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * A minimal SRT caller (the sending side of live mode) for the SRT load generator, bench/live/SrtLoad.java. It is
 * compiled into the listener's package only to reuse the listener's packet codec ({@link Handshake},
 * {@link HsExtension}, {@link Ack}, {@link LossList}, {@link ControlPacket}), which is package-private; the bench
 * puts target/classes on the same class path, so the package is one at run time.
 *
 * <p>What it does, as libsrt's caller would for one live-mode socket:
 * <ul>
 *   <li>HSv5 handshake: induction (version 4, to socket 0), then conclusion (version 5, the cookie of the reply,
 *       HSREQ with our latency, the stream id); both repeated every 250 ms until answered, as libsrt does;
 *   <li>data: one message per packet (PP = solo), the timestamp the microseconds since the connection started at
 *       the time of sending (libsrt's default source time), message numbers counting up;
 *   <li>full ACK: answered with an ACKACK (the listener's RTT sample); light ACKs need nothing;
 *   <li>NAK: every listed packet still in the send history ({@value #HISTORY} packets, a few seconds at 4 Mb/s) is
 *       sent again with the R flag and its first timestamp; older ones are left to the receiver's too-late drop;
 *   <li>keepalive after 1 s without sending; shutdown at the end.
 * </ul>
 * No I/O and no clock of its own: datagrams go out through {@code out}, come in through {@link #onDatagram}, and
 * time (µs, any origin) is passed in; the bench calls it on one event loop. Payloads are not kept: the bench gives
 * each packet a {@code ref} from which {@code rebuild} makes its payload again for a retransmission.
 */
public final class SrtCaller {

  /**
   * A caller's UDP socket bound to 127.0.0.1 on {@code context}: the listener's own {@link UdpSocket}. Vert.x's
   * DatagramSocket resolves the host of every datagram it sends, which made the generator cost more than the node.
   */
  public static final class Link {
    private final UdpSocket socket;
    private final InetSocketAddress listener;

    private Link(UdpSocket socket, InetSocketAddress listener) {
      this.socket = socket;
      this.listener = listener;
    }

    /** Opens a socket sending to the listener on {@code 127.0.0.1:port}; datagrams received go to {@code in}. */
    public static Future<Link> open(Context context, int port, Consumer<Buffer> in) {
      return UdpSocket.bind((ContextInternal) context, "127.0.0.1", 0, 0, (data, sender) -> in.accept(data))
          .map(socket -> new Link(socket, new InetSocketAddress("127.0.0.1", port)));
    }

    public void send(Buffer datagram) {
      socket.send(datagram, listener);
    }

    public void close() {
      socket.close();
    }
  }

  /** Where the caller is in its life. */
  public enum State { INDUCTION, CONCLUSION, CONNECTED, REJECTED, CLOSED }

  static final int HISTORY = 1024;
  private static final long HANDSHAKE_RETRY = 250_000;
  private static final long KEEPALIVE = 1_000_000;

  private final int socketId;
  private final String streamId;
  private final int latencyMillis;
  private final byte[] listenerAddress;
  private final Consumer<Buffer> out;
  private final LongFunction<byte[]> rebuild;
  private final int isn;
  private long start;
  private State state = State.INDUCTION;
  private int cookie;
  private int peerSocket;
  private long lastHandshake;
  private long lastSent;
  private long lastHeard;
  private int nextSeq;
  private int messageNo = 1;
  private final int[] historySeq = new int[HISTORY];
  private final long[] historyRef = new long[HISTORY];
  private final int[] historyTimestamp = new int[HISTORY];
  private final int[] historyMessage = new int[HISTORY];

  /** Why the listener refused (its handshake type minus 1000), when {@link State#REJECTED}. */
  public int rejection;
  public long packetsSent;
  public long bytesSent;
  public long nakedPackets;
  public long retransmitted;
  public long tooOldToResend;
  public long fullAcks;

  /**
   * @param listenerAddress the listener's IP address (4 or 16 bytes), for the handshake's peer address field
   * @param rebuild the datagram of a packet sent before (room for the 16-byte header, then the payload) by its ref
   */
  public SrtCaller(int socketId, String streamId, int latencyMillis, byte[] listenerAddress, Consumer<Buffer> out,
      LongFunction<byte[]> rebuild) {
    this.socketId = socketId;
    this.streamId = streamId;
    this.latencyMillis = latencyMillis;
    this.listenerAddress = listenerAddress;
    this.out = out;
    this.rebuild = rebuild;
    this.isn = (socketId * 7919) & SeqNo.MASK & 0x3FFF_FFFF;
    this.nextSeq = isn;
  }

  public State state() {
    return state;
  }

  /** Sends the induction request; {@code now} is the zero of our timestamps. */
  public void start(long now) {
    start = now;
    lastHeard = now;
    induction(now);
  }

  /** Handshake repeats and keepalives; call every few ms. */
  public void tick(long now) {
    if ((state == State.INDUCTION || state == State.CONCLUSION) && now - lastHandshake >= HANDSHAKE_RETRY) {
      if (state == State.INDUCTION) {
        induction(now);
      } else {
        conclusion(now);
      }
    } else if (state == State.CONNECTED && now - lastSent >= KEEPALIVE) {
      control(ControlPacket.KEEPALIVE, 0, Buffer.buffer(4).appendInt(0), now);
    }
  }

  /** Microseconds since the listener was last heard from. */
  public long silentFor(long now) {
    return now - lastHeard;
  }

  /**
   * Sends one data packet. {@code datagram}'s first 16 bytes are the header, written here; the rest is the payload.
   *
   * @param ref what {@code rebuild} needs to make this datagram again
   */
  public void data(byte[] datagram, long ref, long now) {
    int seq = nextSeq;
    nextSeq = SeqNo.inc(nextSeq);
    int timestamp = timestamp(now);
    int message = messageNo;
    messageNo = messageNo == DataPacket.MESSAGE_NO_MASK ? 1 : messageNo + 1;
    int slot = seq & (HISTORY - 1);
    historySeq[slot] = seq;
    historyRef[slot] = ref;
    historyTimestamp[slot] = timestamp;
    historyMessage[slot] = message;
    header(datagram, seq, message, timestamp, false);
    packetsSent++;
    bytesSent += datagram.length - SrtPacket.HEADER;
    lastSent = now;
    out.accept(BufferInternal.buffer(Unpooled.wrappedBuffer(datagram)));
  }

  /** Tells the listener we leave. */
  public void shutdown(long now) {
    if (state == State.CONNECTED) {
      control(ControlPacket.SHUTDOWN, 0, Buffer.buffer(4).appendInt(0), now);
    }
    state = State.CLOSED;
  }

  /** A datagram from the listener; returns true when it changed {@link #state()}. */
  public boolean onDatagram(Buffer datagram, long now) {
    SrtPacket packet;
    try {
      packet = SrtPacket.decode(datagram);
    } catch (SrtProtocolException e) {
      return false;
    }
    if (!(packet instanceof ControlPacket c)) {
      return false; // the listener sends no data
    }
    lastHeard = now;
    State before = state;
    switch (c.type()) {
      case ControlPacket.HANDSHAKE -> handshake(Handshake.decode(c.cif()), now);
      case ControlPacket.ACK -> {
        if (state == State.CONNECTED && c.cif().length() > 4 && c.typeInfo() > 0) {
          fullAcks++;
          control(ControlPacket.ACKACK, c.typeInfo(), Buffer.buffer(), now);
        }
      }
      case ControlPacket.NAK -> {
        if (state == State.CONNECTED) {
          resend(LossList.decode(c.cif()), now);
        }
      }
      case ControlPacket.SHUTDOWN -> state = state == State.CLOSED ? state : State.CLOSED;
      default -> { } // keepalive, congestion warning...
    }
    return state != before;
  }

  private void handshake(Handshake hs, long now) {
    if (state == State.INDUCTION && hs.type() == Handshake.INDUCTION) {
      cookie = hs.cookie();
      state = State.CONCLUSION;
      conclusion(now);
    } else if (state == State.CONCLUSION && hs.isRejection()) {
      rejection = hs.type() - Handshake.REJECTION_BASE;
      state = State.REJECTED;
    } else if (state == State.CONCLUSION && hs.type() == Handshake.CONCLUSION) {
      peerSocket = hs.socketId();
      state = State.CONNECTED;
    }
  }

  private void resend(List<LossList.Range> ranges, long now) {
    for (LossList.Range r : ranges) {
      int size = Math.min(r.size(), HISTORY);
      for (int i = 0; i < size; i++) {
        int seq = SeqNo.add(r.from(), i);
        nakedPackets++;
        int slot = seq & (HISTORY - 1);
        if (historySeq[slot] != seq || SeqNo.diff(nextSeq, seq) > HISTORY || SeqNo.diff(nextSeq, seq) <= 0) {
          tooOldToResend++;
          continue;
        }
        byte[] datagram = rebuild.apply(historyRef[slot]);
        header(datagram, seq, historyMessage[slot], historyTimestamp[slot], true);
        retransmitted++;
        lastSent = now;
        out.accept(BufferInternal.buffer(Unpooled.wrappedBuffer(datagram)));
      }
    }
  }

  private void header(byte[] d, int seq, int message, int timestamp, boolean retransmitted) {
    int w1 = DataPacket.SOLO << 30 | (retransmitted ? 1 << 26 : 0) | message & DataPacket.MESSAGE_NO_MASK;
    putInt(d, 0, seq & SeqNo.MASK);
    putInt(d, 4, w1);
    putInt(d, 8, timestamp);
    putInt(d, 12, peerSocket);
  }

  private static void putInt(byte[] d, int at, int v) {
    d[at] = (byte) (v >>> 24);
    d[at + 1] = (byte) (v >>> 16);
    d[at + 2] = (byte) (v >>> 8);
    d[at + 3] = (byte) v;
  }

  private void induction(long now) {
    lastHandshake = now;
    out.accept(new Handshake(4, 0, 2, isn, 1500, 8192, Handshake.INDUCTION, socketId, 0,
        Handshake.peerIp(listenerAddress), List.of()).packet(timestamp(now), 0).encode());
  }

  private void conclusion(long now) {
    lastHandshake = now;
    HsExtension hsreq = new HsExtension(HsExtension.OUR_VERSION, HsExtension.TSBPD_SND | HsExtension.TSBPD_RCV
        | HsExtension.TLPKTDROP | HsExtension.PERIODIC_NAK | HsExtension.REXMIT_FLAG, latencyMillis, latencyMillis);
    out.accept(new Handshake(5, 0, Handshake.FLAG_HSREQ | Handshake.FLAG_CONFIG, isn, 1500, 8192,
        Handshake.CONCLUSION, socketId, cookie, Handshake.peerIp(listenerAddress), List.of(
            new Handshake.Extension(Handshake.EXT_HSREQ, hsreq.encode()),
            new Handshake.Extension(Handshake.EXT_SID, Handshake.streamIdContent(streamId))))
        .packet(timestamp(now), 0).encode());
  }

  private void control(int type, int typeInfo, Buffer cif, long now) {
    lastSent = now;
    out.accept(new ControlPacket(type, typeInfo, timestamp(now), peerSocket, cif).encode());
  }

  private int timestamp(long now) {
    return (int) (now - start);
  }
}
