package io.reelay.live.srt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A UDP socket on the event loop of one Vert.x context, built on Netty directly. Vert.x's own DatagramSocket reads
 * one datagram per wake-up into a buffer as large as the socket's receive buffer (megabytes, allocated and freed
 * for every datagram), which caps an SRT listener at a few tens of thousands of datagrams per second. Here each
 * read takes up to {@value #READS_PER_WAKEUP} datagrams into buffers of {@value #MAX_DATAGRAM} bytes, and the
 * kernel's receive buffer can still be large enough to ride out a busy event loop.
 *
 * <p>Datagrams reach the receiver on the context (as Vert.x handlers do), copied to heap buffers of their size;
 * those of one wake-up are handed over in one dispatch.
 */
final class UdpSocket {

  /** Larger than any SRT packet (the MSS is at most 1500 bytes); a longer datagram arrives truncated. */
  static final int MAX_DATAGRAM = 2048;
  private static final int READS_PER_WAKEUP = 32;

  /** Told of each datagram, on the socket's context. */
  interface Receiver {
    void onDatagram(Buffer data, InetSocketAddress sender);
  }

  private final DatagramChannel channel;

  private UdpSocket(DatagramChannel channel) {
    this.channel = channel;
  }

  /**
   * Binds {@code host:port} (0: any free port) with a kernel receive buffer of {@code receiveBufferBytes} (the OS
   * may cap it; 0 keeps its default).
   */
  static Future<UdpSocket> bind(ContextInternal context, String host, int port, int receiveBufferBytes,
      Receiver receiver) {
    VertxInternal vertx = context.owner();
    DatagramChannel channel = vertx.transport().datagramChannel(
        host.indexOf(':') >= 0 ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4);
    channel.config().setOption(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true);
    channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_DATAGRAM)
        .maxMessagesPerRead(READS_PER_WAKEUP));
    if (receiveBufferBytes > 0) {
      channel.config().setReceiveBufferSize(receiveBufferBytes);
    }
    channel.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
      private final List<Buffer> data = new ArrayList<>(READS_PER_WAKEUP);
      private final List<InetSocketAddress> senders = new ArrayList<>(READS_PER_WAKEUP);

      @Override
      protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        data.add(BufferInternal.buffer(Unpooled.wrappedBuffer(bytes))); // Buffer.buffer(byte[]) would copy again
        senders.add(packet.sender());
      }

      /** The datagrams of one wake-up go to the receiver in one dispatch on the context (it runs right here). */
      @Override
      public void channelReadComplete(ChannelHandlerContext ctx) {
        if (data.isEmpty()) {
          return;
        }
        context.emit(null, v -> {
          for (int i = 0; i < data.size(); i++) {
            receiver.onDatagram(data.get(i), senders.get(i));
          }
        });
        data.clear();
        senders.clear();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a failed read (ICMP port unreachable after a send, for one) concerns a single datagram: keep reading
      }
    });
    Promise<UdpSocket> bound = context.promise();
    context.nettyEventLoop().register(channel).addListener(registered -> {
      if (!registered.isSuccess()) {
        bound.fail(registered.cause());
        return;
      }
      channel.bind(new InetSocketAddress(host, port)).addListener(done -> {
        if (done.isSuccess()) {
          bound.complete(new UdpSocket(channel));
        } else {
          channel.close();
          bound.fail(done.cause());
        }
      });
    });
    return bound.future();
  }

  int localPort() {
    return channel.localAddress().getPort();
  }

  /** Sends one datagram; a failure (the peer's port closed) is not reported: UDP gives no guarantee anyway. */
  void send(Buffer data, InetSocketAddress to) {
    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data.getBytes()), to));
  }

  Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    channel.close().addListener(f -> closed.complete());
    return closed.future();
  }
}
