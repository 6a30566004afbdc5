package io.reelay.node.config;

/** A bad configuration value; the message is one line that names the key and the problem. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String key, String problem) {
    super(key + ": " + problem);
  }
}
