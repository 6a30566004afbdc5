package io.reelay.node.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Formats the KRaft log dir once, exactly as {@code kafka-storage.sh format} would (meta.properties
 * plus the bootstrap metadata snapshot), and never again so the cluster id and data persist.
 */
final class KafkaStorage {

  private KafkaStorage() {
  }

  /** @return true if the directory was formatted now, false if it already was */
  static boolean formatIfNeeded(Path logDir, Properties brokerConfig) throws IOException {
    // meta.properties is written last by the formatter, so its presence means a complete format.
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return false;
    }
    Files.createDirectories(logDir);
    // StorageTool is used rather than its Formatter class because the latter lives in a
    // runtime-scoped Kafka module that is not on our compile classpath.
    Path configFile = Files.createTempFile("reelay-kafka-", ".properties");
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      try (OutputStream out = Files.newOutputStream(configFile)) {
        brokerConfig.store(out, null);
      }
      String[] args = {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()};
      int exit = StorageTool.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
      if (exit != 0) {
        throw new IOException("kafka storage format failed (" + exit + "): " + output.toString(StandardCharsets.UTF_8));
      }
      return true;
    } finally {
      Files.deleteIfExists(configFile);
    }
  }
}
