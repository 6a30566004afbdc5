package io.reelay.live.srt;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A peer's UDP address, as received (the host is an IP literal). */
record Remote(String host, int port) {

  boolean is(io.vertx.core.net.SocketAddress address) {
    return port == address.port() && host.equals(address.host());
  }

  /** The address bytes (4 or 16); the host is a literal, so no lookup happens. */
  byte[] address() {
    try {
      return InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      return new byte[4];
    }
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
