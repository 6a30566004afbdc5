package io.reelay.node.embedded;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Child-JVM entry point for the crash test: starts the embedded services, reports where they are,
 * then waits to be SIGKILLed so the external servers are orphaned exactly as after a real crash.
 */
public final class KilledNodeMain {

  private KilledNodeMain() {
  }

  public static void main(String[] args) throws Exception {
    EmbeddedServices services = EmbeddedServices.start(Path.of(args[0]), true, true, true);
    System.gc();
    long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    System.out.println("READY " + services.postgresUrl().orElseThrow() + " " + services.redisUrl().orElseThrow()
        + " " + services.kafkaBootstrap().orElseThrow() + " heapMb=" + heapMb + " times=" + services.startupTimes());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
