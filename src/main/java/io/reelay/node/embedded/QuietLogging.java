package io.reelay.node.embedded;

import org.slf4j.LoggerFactory;

/** Turns down the in-JVM Kafka broker's very chatty INFO logging. */
final class QuietLogging {

  private static final String[] KAFKA_LOGGERS = {"kafka", "org.apache.kafka", "state.change.logger", "org.apache.zookeeper"};

  private QuietLogging() {
  }

  /**
   * Sets WARN on Kafka's loggers unless the operator configured a level for them (logback.xml
   * wins). This also quiets the app's own Kafka clients, whose INFO output (full config dumps on
   * every client creation) is just as noisy. A no-op if SLF4J is not bound to Logback.
   */
  static void quietKafka() {
    for (String name : KAFKA_LOGGERS) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger
          && logger.getLevel() == null) {
        logger.setLevel(ch.qos.logback.classic.Level.WARN);
      }
    }
  }
}
