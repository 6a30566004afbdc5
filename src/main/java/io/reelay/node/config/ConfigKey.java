package io.reelay.node.config;

import java.util.Locale;

/**
 * One configuration key: its JSON name, the environment variable that overrides it, its type and
 * what it means. The list of keys lives in {@link ConfigSchema}.
 */
public record ConfigKey(String name, ValueType type, String meaning) {

  /** {@code httpPort} → {@code REELAY_HTTP_PORT}: the mapping is mechanical so no table can drift. */
  public String envName() {
    return "REELAY_" + name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
