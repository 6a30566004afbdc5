package io.reelay;

import io.reelay.node.ReelayNode;
import sun.misc.Signal;

/**
 * Stops the node in order on SIGTERM / SIGINT, then exits 0.
 *
 * <p>Why a signal handler and not only a shutdown hook: the JVM runs all shutdown hooks at once,
 * and libraries register their own (zonky's embedded PostgreSQL does), so with hooks alone
 * PostgreSQL could stop while HTTP requests are still draining. The handler runs our ordered stop
 * first; the hooks that follow find everything stopped. A shutdown hook remains as the fallback
 * for other ways the JVM ends. A signal that arrives during start-up stops the node as soon as it
 * has started.
 */
final class GracefulStop {

  private ReelayNode node;
  private boolean requested;

  private GracefulStop() {}

  static GracefulStop install() {
    GracefulStop stop = new GracefulStop();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stop.request());
    }
    return stop;
  }

  /** Called once the node has started; stops it at once if a signal came during start-up. */
  synchronized void attach(ReelayNode started) {
    node = started;
    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "reelay-shutdown-hook"));
    if (requested) {
      stopAndExit();
    }
  }

  private synchronized void request() {
    if (requested) {
      return;
    }
    requested = true;
    if (node != null) {
      stopAndExit();
    }
  }

  private void stopAndExit() {
    ReelayNode toStop = node;
    new Thread(() -> {
      toStop.stop();
      System.exit(0);
    }, "reelay-shutdown").start();
  }
}
