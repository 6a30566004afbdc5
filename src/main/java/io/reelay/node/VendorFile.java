package io.reelay.node;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A vendored library held in memory, and gzipped once when the node starts: the response compressor would
 * otherwise gzip hls.js (some 270–380 KB) again for every viewer, on the node's event loop, before their first
 * frame. It passes a response that already has a Content-Encoding untouched.
 */
record VendorFile(Buffer body, Buffer gzipped, String etag) {

  static VendorFile of(Buffer body) {
    String etag = "\"" + Integer.toHexString(body.length()) + "-" + Integer.toHexString(body.hashCode());
    return new VendorFile(body, gzip(body), etag);
  }

  void serve(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    String accept = ctx.request().getHeader("Accept-Encoding");
    boolean gz = accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip");
    // One ETag per representation, as the two bodies differ.
    String tag = gz ? etag + "-gz\"" : etag + "\"";
    response.putHeader("Content-Type", "text/javascript; charset=utf-8")
        .putHeader("Cache-Control", "public, max-age=86400")
        .putHeader("Vary", "Accept-Encoding")
        .putHeader("ETag", tag);
    if (tag.equals(ctx.request().getHeader("If-None-Match"))) {
      response.setStatusCode(304).end();
      return;
    }
    Buffer out = gz ? gzipped : body;
    if (gz) {
      response.putHeader("Content-Encoding", "gzip");
    }
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader("Content-Length", String.valueOf(out.length())).end();
    } else {
      response.end(out);
    }
  }

  private static Buffer gzip(Buffer body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length() / 3);
    try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      out.write(body.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(bytes.toByteArray());
  }
}
