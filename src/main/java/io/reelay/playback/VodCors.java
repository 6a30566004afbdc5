package io.reelay.playback;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Players on any origin may fetch VOD files, and read the headers they need to seek and measure. No
 * credentials mode: a private video is played with a signed URL or an explicit Authorization header.
 */
final class VodCors {

  private VodCors() {}

  static void allow(HttpServerResponse response) {
    response.putHeader("Access-Control-Allow-Origin", "*")
        .putHeader("Access-Control-Expose-Headers", "Content-Length, Content-Range, Accept-Ranges, ETag");
  }

  /** Range and Authorization are not CORS-safelisted, so browsers ask first. */
  static void preflight(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    allow(response);
    response.putHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        .putHeader("Access-Control-Allow-Headers", "Range, Authorization, If-None-Match, If-Modified-Since, If-Range")
        .putHeader("Access-Control-Max-Age", "86400")
        .putHeader("Allow", "GET, HEAD, OPTIONS")
        .setStatusCode(204)
        .end();
  }
}
