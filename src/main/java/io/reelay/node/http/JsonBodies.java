package io.reelay.node.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads request bodies that must be JSON objects; anything else is a 400 with a reason. */
public final class JsonBodies {

  private JsonBodies() {}

  public static JsonObject object(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw ApiException.badRequest("a JSON object body is required");
    }
    try {
      JsonObject json = ctx.body().asJsonObject();
      if (json == null) {
        throw ApiException.badRequest("a JSON object body is required");
      }
      return json;
    } catch (DecodeException | ClassCastException e) {
      throw ApiException.badRequest("malformed JSON: " + firstLine(e.getMessage()));
    }
  }

  /** Any JSON value (object, array, …); a missing or malformed body is a 400 that names {@code expected}. */
  public static Object value(RoutingContext ctx, String expected) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw ApiException.badRequest(expected + " is required");
    }
    try {
      return ctx.body().buffer().toJsonValue();
    } catch (DecodeException e) {
      throw ApiException.badRequest("malformed JSON: " + firstLine(e.getMessage()));
    }
  }

  public static String requiredString(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof String s) || s.isEmpty()) {
      throw ApiException.badRequest("field '" + field + "' must be a non-empty string");
    }
    return s;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "cannot decode";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
