package io.reelay.live.rtmp;

import io.vertx.core.buffer.Buffer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A hand-driven RTMP publisher on a blocking socket, for the cases no real client produces: garbage, odd chunking,
 * pings, backpressure. It reads the server's replies with the server's own {@link ChunkReader}.
 */
final class RawRtmpClient implements Closeable {

  static final byte[] AVC_CONFIG = {1, 0x42, (byte) 0xC0, 0x1E, (byte) 0xFF, (byte) 0xE1, 0, 4, 0x67, 0x42, (byte) 0xC0,
      0x1E, 1, 0, 2, 0x68, (byte) 0xCE};

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final Deque<RtmpMessage> received = new ArrayDeque<>();
  private final ChunkReader reader = new ChunkReader(1 << 24, 1 << 24, received::add);
  private final ChunkWriter writer = new ChunkWriter();

  RawRtmpClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void write(Buffer bytes) throws IOException {
    write(bytes.getBytes());
  }

  /** C0+C1, checks S0+S1+S2 (S2 must echo C1), then C2. */
  void handshake() throws IOException {
    byte[] c1 = new byte[Handshake.PACKET_SIZE];
    new Random(1).nextBytes(c1);
    write(Buffer.buffer().appendByte((byte) 3).appendBytes(c1));
    byte[] reply = in.readNBytes(1 + 2 * Handshake.PACKET_SIZE);
    if (reply.length != 1 + 2 * Handshake.PACKET_SIZE || reply[0] != 3
        || !Arrays.equals(c1, Arrays.copyOfRange(reply, 1 + Handshake.PACKET_SIZE, reply.length))) {
      throw new IOException("bad handshake reply");
    }
    write(Arrays.copyOfRange(reply, 1, 1 + Handshake.PACKET_SIZE));
  }

  void send(int csid, RtmpMessage m) throws IOException {
    write(writer.write(csid, m));
  }

  void command(int streamId, Object... values) throws IOException {
    send(streamId == 0 ? 3 : 5, new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0.encode(values)));
  }

  void setChunkSize(int size) throws IOException {
    send(2, ControlMessages.setChunkSize(size));
    writer.chunkSize(size);
  }

  /** connect to {@code app}; returns the server's answer (_result or _error) as values. */
  List<Object> connect(String app) throws IOException {
    command(0, "connect", 1.0, Amf0.object("app", app, "tcUrl", "rtmp://127.0.0.1/" + app));
    return awaitCommand(v -> "_result".equals(v.get(0)) || "_error".equals(v.get(0)));
  }

  /** connect, createStream and publish; returns the onStatus info object's code. */
  String publish(String key) throws IOException {
    connect("live");
    command(0, "createStream", 2.0, null);
    List<Object> created = awaitCommand(v -> "_result".equals(v.get(0)) && v.get(1).equals(2.0));
    int streamId = ((Double) created.get(3)).intValue();
    command(streamId, "publish", 3.0, null, key, "live");
    List<Object> status = awaitCommand(v -> "onStatus".equals(v.get(0)));
    return (String) ((java.util.Map<?, ?>) status.get(3)).get("code");
  }

  void video(long ms, int frameType, int packetType, byte[] body) throws IOException {
    Buffer p = Buffer.buffer().appendByte((byte) (frameType << 4 | 7)).appendByte((byte) packetType).appendMedium(0)
        .appendBytes(body);
    send(6, new RtmpMessage(RtmpMessage.VIDEO, 1, ms, p));
  }

  /** A length-prefixed NAL unit of {@code size} bytes in total. */
  static byte[] nalu(int size) {
    return Buffer.buffer().appendInt(size - 4).appendBytes(new byte[size - 4]).getBytes();
  }

  /** The next command message whose values match, reading as needed. */
  List<Object> awaitCommand(Predicate<List<Object>> match) throws IOException {
    while (true) {
      RtmpMessage m = next(null);
      if (m.type() == RtmpMessage.COMMAND_AMF0) {
        List<Object> values = Amf0.decodeAll(m.payload());
        if (match.test(values)) {
          return values;
        }
      }
    }
  }

  /** The next message from the server (of the type, if given). */
  RtmpMessage next(Integer type) throws IOException {
    byte[] chunk = new byte[4096];
    while (true) {
      while (!received.isEmpty()) {
        RtmpMessage m = received.poll();
        if (type == null || m.type() == type) {
          return m;
        }
      }
      int n = in.read(chunk);
      if (n < 0) {
        throw new IOException("closed by the server");
      }
      reader.feed(Buffer.buffer(Arrays.copyOf(chunk, n)));
    }
  }

  /** True if the server closes the connection within {@code millis} (reading what it still sends). */
  boolean closedByServerWithin(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      while (true) {
        if (in.read(new byte[4096]) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
