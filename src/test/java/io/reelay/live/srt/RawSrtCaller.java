package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;

/** A hand-made SRT caller on a blocking UDP socket, for exact packets: handshakes, data, garbage. */
final class RawSrtCaller implements AutoCloseable {

  final DatagramSocket socket;
  final int socketId;
  private final InetSocketAddress listener;
  int isn = 5000;
  int peerSocket;

  RawSrtCaller(int port, int socketId) throws Exception {
    this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    this.socket.setSoTimeout(2000);
    this.listener = new InetSocketAddress("127.0.0.1", port);
    this.socketId = socketId;
  }

  void send(Buffer datagram) throws Exception {
    byte[] b = datagram.getBytes();
    socket.send(new DatagramPacket(b, b.length, listener));
  }

  void send(SrtPacket packet) throws Exception {
    send(packet.encode());
  }

  /** The next packet of {@code type} (-1: data), skipping others; null on timeout. */
  SrtPacket receive(int type, long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    byte[] b = new byte[2048];
    while (System.currentTimeMillis() < deadline) {
      socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
      DatagramPacket dp = new DatagramPacket(b, b.length);
      try {
        socket.receive(dp);
      } catch (SocketTimeoutException e) {
        return null;
      }
      SrtPacket p = SrtPacket.decode(Buffer.buffer(java.util.Arrays.copyOf(b, dp.getLength())));
      if (type < 0 ? p instanceof DataPacket : p instanceof ControlPacket c && c.type() == type) {
        return p;
      }
    }
    return null;
  }

  Handshake receiveHandshake() throws Exception {
    ControlPacket p = (ControlPacket) receive(ControlPacket.HANDSHAKE, 2000);
    return p == null ? null : Handshake.decode(p.cif());
  }

  Handshake induction() throws Exception {
    send(new Handshake(4, 0, 2, isn, 1500, 8192, Handshake.INDUCTION, socketId, 0, Handshake.peerIp(new byte[4]),
        List.of()).packet(0, 0));
    return receiveHandshake();
  }

  Handshake conclusionRequest(String sid, int cookie, int encryption) {
    HsExtension hsreq = new HsExtension(0x010503, HsExtension.TSBPD_SND | HsExtension.TSBPD_RCV
        | HsExtension.TLPKTDROP | HsExtension.PERIODIC_NAK | HsExtension.REXMIT_FLAG, 120, 120);
    return new Handshake(5, encryption, Handshake.FLAG_HSREQ | Handshake.FLAG_CONFIG, isn, 1500, 8192,
        Handshake.CONCLUSION, socketId, cookie, Handshake.peerIp(new byte[4]), List.of(
            new Handshake.Extension(Handshake.EXT_HSREQ, hsreq.encode()),
            new Handshake.Extension(Handshake.EXT_SID, Handshake.streamIdContent(sid))));
  }

  /** Induction then conclusion; returns the listener's conclusion reply. */
  Handshake connect(String sid) throws Exception {
    Handshake induction = induction();
    send(conclusionRequest(sid, induction.cookie(), 0).packet(1000, 0));
    Handshake reply = receiveHandshake();
    if (reply != null && reply.type() == Handshake.CONCLUSION) {
      peerSocket = reply.socketId();
    }
    return reply;
  }

  void data(int seq, int timestamp, Buffer payload) throws Exception {
    send(new DataPacket(seq, DataPacket.SOLO, false, 0, false, seq & 0xFFFF, timestamp, peerSocket, payload));
  }

  @Override
  public void close() {
    socket.close();
  }
}
