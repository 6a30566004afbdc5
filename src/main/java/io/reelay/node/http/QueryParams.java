package io.reelay.node.http;

import io.vertx.core.MultiMap;

/** Typed query parameters with a 400 naming the parameter when one is malformed. */
public final class QueryParams {

  private QueryParams() {}

  public static int intParam(MultiMap params, String name, int min, int max, int fallback) {
    String raw = params.get(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max);
  }

  /** A non-negative number of seconds (fractions allowed), in milliseconds. */
  public static long secondsParamAsMillis(MultiMap params, String name, long fallbackMillis) {
    String raw = params.get(name);
    if (raw == null) {
      return fallbackMillis;
    }
    try {
      double seconds = Double.parseDouble(raw.trim());
      if (seconds >= 0 && seconds <= Long.MAX_VALUE / 1000.0) {
        return Math.round(seconds * 1000);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest(name + " must be a number of seconds >= 0");
  }
}
