package io.reelay.node;

import io.reelay.node.config.ConfigException;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks made before the slow parts of start-up, so a taken port fails in milliseconds. */
public final class Ports {

  private Ports() {}

  /**
   * Returns {@code port}, checked free on {@code host}; for 0, a free port chosen now, so every
   * instance of a scaled capability binds the same one.
   */
  public static int resolve(String key, String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new ConfigException(key, "port " + port + " on " + host + " is already in use or not bindable ("
          + e.getMessage() + ")");
    }
  }

  /** As {@link #resolve}, for a UDP port. */
  public static int resolveUdp(String key, String host, int port) {
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new ConfigException(key, "UDP port " + port + " on " + host + " is already in use or not bindable ("
          + e.getMessage() + ")");
    }
  }
}
