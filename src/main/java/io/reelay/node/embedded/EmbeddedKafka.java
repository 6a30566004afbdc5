package io.reelay.node.embedded;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka 3.9 broker running inside this JVM in KRaft combined mode (broker + controller,
 * node 1, single voter), with its log in {@code <dataDir>/kafka}.
 */
final class EmbeddedKafka implements AutoCloseable {

  private final Server server;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  static EmbeddedKafka start(Path dataDir) throws Exception {
    QuietLogging.quietKafka();
    Path logDir = dataDir.resolve("kafka").toAbsolutePath().normalize();
    int port = FreePort.pick();
    Properties config = KafkaSettings.of(logDir, port, FreePort.pick());
    KafkaStorage.formatIfNeeded(logDir, config);
    EmbeddedKafka kafka = new EmbeddedKafka(newServer(config), port);
    try {
      // Returns once the broker is registered and unfenced, i.e. ready for clients.
      kafka.server.startup();
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  /**
   * KafkaRaftServer is what kafka.Kafka's main runs for process.roles configs. It is built
   * reflectively because KafkaConfig's superclass is in a runtime-scoped module (kafka-server) that
   * javac cannot see; everything after construction goes through the compile-visible Server trait.
   */
  private static Server newServer(Properties props) throws Exception {
    try {
      Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
      Object config = configClass.getMethod("fromProps", Properties.class, boolean.class).invoke(null, props, false);
      return KafkaRaftServer.class.getConstructor(configClass, Time.class).newInstance(config, Time.SYSTEM);
    } catch (InvocationTargetException e) {
      // Surface Kafka's own error (bad config, unformatted or locked log dir) instead of the wrapper.
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** Flushes logs, writes the clean-shutdown marker and releases the log dir lock. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.shutdown();
      server.awaitShutdown();
    }
  }
}
