package io.reelay.node.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The types a configuration value may have. JSON values must already have the right JSON type;
 * environment values are strings and are parsed. Failures carry a message naming the problem (the
 * caller adds the key).
 */
public enum ValueType {
  PORT("a port number 0-65535 (0 picks a free port)"),
  POSITIVE_INT("an integer > 0"),
  NON_NEGATIVE_INT("an integer >= 0"),
  BOOLEAN("true or false"),
  /** A byte count >= 0, as a number or with a binary suffix (KiB, MiB, GiB, TiB); 0 usually means no limit. */
  BYTES("a byte count >= 0, e.g. 1073741824 or \"1GiB\""),
  STRING("a string");

  private final String description;

  ValueType(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  Object fromJson(Object value) {
    return switch (this) {
      case STRING -> requireType(value, String.class);
      case BOOLEAN -> requireType(value, Boolean.class);
      case PORT -> checkRange(requireInt(value));
      case POSITIVE_INT -> checkPositive(requireInt(value));
      case NON_NEGATIVE_INT -> (int) checkBytes(requireInt(value));
      case BYTES -> value instanceof String text ? parseBytes(text) : checkBytes(requireLong(value));
    };
  }

  Object fromEnv(String value) {
    return switch (this) {
      case STRING -> value;
      case BOOLEAN -> {
        if (!value.equals("true") && !value.equals("false")) {
          throw wrongType("\"" + value + "\"");
        }
        yield Boolean.parseBoolean(value);
      }
      case PORT, POSITIVE_INT, NON_NEGATIVE_INT -> {
        int n;
        try {
          n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
          throw wrongType("\"" + value + "\"");
        }
        yield switch (this) {
          case PORT -> checkRange(n);
          case NON_NEGATIVE_INT -> (int) checkBytes(n);
          default -> checkPositive(n);
        };
      }
      case BYTES -> parseBytes(value);
    };
  }

  private Object requireType(Object value, Class<?> type) {
    if (!type.isInstance(value)) {
      throw wrongType(show(value));
    }
    return value;
  }

  private int requireInt(Object value) {
    if ((value instanceof Integer || value instanceof Long)
        && ((Number) value).longValue() == ((Number) value).intValue()) {
      return ((Number) value).intValue();
    }
    throw wrongType(show(value));
  }

  private long requireLong(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw wrongType(show(value));
  }

  private long parseBytes(String text) {
    String trimmed = text.trim();
    String[] suffixes = {"TiB", "GiB", "MiB", "KiB"};
    long unit = 1;
    for (int i = 0; i < suffixes.length; i++) {
      if (trimmed.endsWith(suffixes[i])) {
        unit = 1L << (10 * (4 - i));
        trimmed = trimmed.substring(0, trimmed.length() - 3).trim();
        break;
      }
    }
    long n;
    try {
      n = Math.multiplyExact(Long.parseLong(trimmed), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw wrongType("\"" + text + "\"");
    }
    return checkBytes(n);
  }

  private static long checkBytes(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("must be >= 0, got " + n);
    }
    return n;
  }

  private static int checkRange(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0-65535: " + port);
    }
    return port;
  }

  private static int checkPositive(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("must be > 0, got " + n);
    }
    return n;
  }

  private IllegalArgumentException wrongType(String shown) {
    return new IllegalArgumentException("expected " + description + ", got " + shown);
  }

  private static String show(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return "the string \"" + s + "\"";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    return value instanceof JsonObject ? "an object" : value.getClass().getSimpleName();
  }
}
