package io.reelay.node.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the node's configuration: defaults from {@code conf/reelay.json}, overridden by a
 * {@code -conf FILE} JSON, overridden by {@code REELAY_*} environment variables. Any unknown key or
 * bad value fails with a {@link ConfigException} naming the key.
 */
public final class ConfigLoader {

  private static final String DEFAULTS = "conf/reelay.json";

  private ConfigLoader() {}

  public static ReelayConfig load(String[] args, Map<String, String> env) {
    JsonObject values = defaults();
    Path confFile = confFileFrom(args);
    if (confFile != null) {
      readConfFile(confFile).forEach(e -> set(values, keyOfFileEntry(e.getKey()), e.getValue(), false));
    }
    env.forEach((name, value) -> {
      if (name.startsWith("REELAY_") && !isServiceLink(name)) {
        ConfigKey key = ConfigSchema.byEnvName(name)
            .orElseThrow(() -> new ConfigException(name, "unknown setting (see README: Configuration)"));
        set(values, key, value, true);
      }
    });
    ReelayConfig config = new ReelayConfig(values);
    ServiceUrlChecks.require(config);
    DataDirCheck.requireWritable("dataDir", config.dataDir());
    DataDirCheck.requireWritable("storageDir", config.storageDir());
    return config;
  }

  /**
   * Kubernetes injects REELAY_PORT, REELAY_PORT_8080_TCP…, REELAY_SERVICE_HOST… into every pod when
   * a Service is named "reelay"; those are not settings and must not stop the node.
   */
  static boolean isServiceLink(String name) {
    return name.equals("REELAY_PORT") || name.startsWith("REELAY_PORT_") || name.startsWith("REELAY_SERVICE_");
  }

  private static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " missing from the classpath");
      }
      JsonObject raw = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      JsonObject values = new JsonObject();
      raw.forEach(e -> set(values, keyOfFileEntry(e.getKey()), e.getValue(), false));
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path confFileFrom(String[] args) {
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-conf") || arg.equals("--conf")) {
        if (i + 1 >= args.length) {
          throw new ConfigException(arg, "needs a file name: -conf FILE");
        }
        file = Path.of(args[++i]);
      } else if (arg.startsWith("-conf=") || arg.startsWith("--conf=")) {
        file = Path.of(arg.substring(arg.indexOf('=') + 1));
      } else {
        throw new ConfigException(arg, "unknown argument; usage: java -jar reelay.jar [-conf FILE]");
      }
    }
    return file;
  }

  private static JsonObject readConfFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("-conf", "cannot read " + file + ": " + e.getMessage());
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("-conf", file + " is not a JSON object: " + firstLine(e.getMessage()));
    }
  }

  /** A file may use the JSON name ({@code httpPort}) or the environment name ({@code REELAY_HTTP_PORT}). */
  private static ConfigKey keyOfFileEntry(String name) {
    return ConfigSchema.byName(name)
        .or(() -> ConfigSchema.byEnvName(name))
        .orElseThrow(() -> new ConfigException(name, "unknown setting (see README: Configuration)"));
  }

  private static void set(JsonObject values, ConfigKey key, Object raw, boolean fromEnv) {
    try {
      values.put(key.name(), fromEnv ? key.type().fromEnv((String) raw) : key.type().fromJson(raw));
    } catch (IllegalArgumentException e) {
      String name = fromEnv ? key.envName() : key.name();
      throw new ConfigException(name, e.getMessage());
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
