package io.reelay.node.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a currently free TCP port on the loopback interface. */
final class FreePort {

  private FreePort() {
  }

  /**
   * Binds an ephemeral port and releases it. There is a small window in which someone else could
   * take the port before the service binds it; for a single node starting its own services this
   * is an acceptable trade for knowing the port up front (Kafka's quorum config needs it).
   */
  static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
