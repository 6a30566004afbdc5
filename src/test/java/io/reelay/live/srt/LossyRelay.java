package io.reelay.live.srt;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay between one caller and the listener that loses and reorders packets both ways (handshakes and
 * shutdowns pass untouched, so the test is about repair, not about connecting).
 */
final class LossyRelay {

  private final Vertx vertx;
  private final int target;
  private final Random random = new Random(42);
  private DatagramSocket front;
  private DatagramSocket back;
  private volatile SocketAddress caller;
  volatile double loss;
  volatile double reorder;
  final AtomicLong lost = new AtomicLong();
  final AtomicLong reordered = new AtomicLong();
  private Buffer heldUp;
  private Buffer heldDown;

  LossyRelay(Vertx vertx, int target, double loss, double reorder) {
    this.vertx = vertx;
    this.target = target;
    this.loss = loss;
    this.reorder = reorder;
  }

  /** Starts; completes with the port callers should use. */
  Future<Integer> start() {
    {
      front = vertx.createDatagramSocket();
      back = vertx.createDatagramSocket();
      front.handler(p -> {
        caller = p.sender();
        Buffer out = pass(p.data(), true);
        if (out != null) {
          back.send(out, target, "127.0.0.1");
        }
      });
      back.handler(p -> {
        Buffer out = pass(p.data(), false);
        if (out != null && caller != null) {
          front.send(out, caller.port(), caller.host());
        }
      });
      return back.listen(0, "127.0.0.1").compose(b -> front.listen(0, "127.0.0.1"))
          .map(f -> f.localAddress().port());
    }
  }

  /** What to send now: null (lost or held), the packet, or a held packet after it (they swap). */
  private synchronized Buffer pass(Buffer packet, boolean up) {
    boolean protectedType = (packet.getByte(0) & 0x80) != 0
        && ((packet.getShort(0) & 0x7FFF) == ControlPacket.HANDSHAKE
            || (packet.getShort(0) & 0x7FFF) == ControlPacket.SHUTDOWN);
    if (!protectedType && random.nextDouble() < loss) {
      lost.incrementAndGet();
      return null;
    }
    Buffer held = up ? heldUp : heldDown;
    if (held != null) {
      // send this one first, then the held one
      if (up) {
        heldUp = null;
        back.send(packet, target, "127.0.0.1");
      } else {
        heldDown = null;
        if (caller != null) {
          front.send(packet, caller.port(), caller.host());
        }
      }
      reordered.incrementAndGet();
      return held;
    }
    if (!protectedType && random.nextDouble() < reorder) {
      if (up) {
        heldUp = packet;
      } else {
        heldDown = packet;
      }
      return null;
    }
    return packet;
  }

  Future<Void> close() {
    return Future.all(front.close(), back.close()).mapEmpty();
  }
}
