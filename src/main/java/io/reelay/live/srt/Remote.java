package io.reelay.live.srt;

import java.net.InetSocketAddress;

/** A peer's UDP address, as received (resolved: no lookup ever happens). */
record Remote(InetSocketAddress socketAddress) {

  /** Whether a datagram from {@code sender} comes from this peer: cheap, it is asked for every datagram. */
  boolean is(InetSocketAddress sender) {
    return socketAddress.equals(sender);
  }

  /** The address bytes (4 or 16). */
  byte[] address() {
    return socketAddress.getAddress().getAddress();
  }

  @Override
  public String toString() {
    String host = socketAddress.getAddress().getHostAddress();
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + socketAddress.getPort() : host + ":" + socketAddress.getPort();
  }
}
