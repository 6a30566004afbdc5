package io.reelay.live.rtmp;

import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Duration;

/**
 * Limits and transport of the RTMP server.
 *
 * @param maxChunkSize the largest Set Chunk Size a peer may ask for (the spec allows up to 2^31-1; a reader holds
 *     at most one chunk's header, never the chunk, but a sane bound stops nonsense early)
 * @param maxMessageSize the largest message (video frame) a peer may send; also the bound on the bytes of partly
 *     received messages held per connection
 * @param handshakeTimeout a connection that has not completed the handshake by then is closed
 * @param idleTimeout a connection that sends nothing for this long (while we are reading) is closed
 * @param netOptions transport options, e.g. TLS for RTMPS; host and port are given to {@link RtmpServer#start}
 */
public record RtmpSettings(
    int maxChunkSize, int maxMessageSize, Duration handshakeTimeout, Duration idleTimeout,
    NetServerOptions netOptions) {

  /** The chunk size we send with (set once right after connect). */
  public static final int OUT_CHUNK_SIZE = 4096;
  /** What we ask a peer to acknowledge after, and how much we tell it we can take (nginx-rtmp's default). */
  public static final int WINDOW_ACK_SIZE = 5_000_000;

  public RtmpSettings {
    if (maxChunkSize < 128 || maxMessageSize < 1 || handshakeTimeout.isNegative() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("invalid RTMP settings");
    }
    netOptions = new NetServerOptions(netOptions == null ? new NetServerOptions() : netOptions);
  }

  public static RtmpSettings defaults() {
    return new RtmpSettings(16 << 20, 8 << 20, Duration.ofSeconds(10), Duration.ofSeconds(10), null);
  }

  public RtmpSettings withTimeouts(Duration handshake, Duration idle) {
    return new RtmpSettings(maxChunkSize, maxMessageSize, handshake, idle, netOptions);
  }

  public RtmpSettings withNetOptions(NetServerOptions options) {
    return new RtmpSettings(maxChunkSize, maxMessageSize, handshakeTimeout, idleTimeout, options);
  }

  /** RTMPS: the same server behind TLS, with a PEM certificate chain and private key. */
  public RtmpSettings withPemTls(String certPath, String keyPath) {
    return withNetOptions(new NetServerOptions(netOptions).setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certPath).setKeyPath(keyPath)));
  }
}
