package io.reelay.playback;

import io.reelay.node.http.ApiException;
import io.reelay.playback.ByteRanges.Part;
import io.reelay.playback.ByteRanges.Selection;
import io.reelay.playback.ByteRanges.Unsatisfiable;
import io.reelay.playback.VodFiles.VodFile;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a GET or HEAD for one file the requester may see: 304 when their copy is current, 206 for a
 * satisfiable range, 416 for an unsatisfiable one, 200 otherwise. The body goes out with
 * {@code sendFile}: streamed from the file, never held in memory (zero-copy when the pipeline allows it).
 */
final class VodResponder {

  /**
   * Turns off the server's compression for one response; Vert.x drops the header as it decides. Set only on
   * responses with a body: on HEAD and 304 the compressor steps aside without looking, and it would leak out.
   */
  private static final String NO_COMPRESSION = "identity";

  private final VodMetrics metrics;

  VodResponder(VodMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Completes when the response is sent; fails with a 416 {@link ApiException} (Content-Range already set)
   * for an unsatisfiable range, or with what went wrong sending.
   */
  Future<Void> send(RoutingContext ctx, VodFile file, VodFileType type, boolean privateVideo) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    String etag = Validators.etag(file, type.compressible());
    response.putHeader(HttpHeaders.CACHE_CONTROL, type.cacheControl(privateVideo))
        .putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.LAST_MODIFIED, Validators.httpDate(file.modifiedMillis()))
        .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    if (type.compressible()) {
      response.putHeader(HttpHeaders.VARY, "Accept-Encoding");
    }
    metrics.requested(type);
    if (Validators.notModified(request.getHeader(HttpHeaders.IF_NONE_MATCH),
        request.getHeader(HttpHeaders.IF_MODIFIED_SINCE), etag, file.modifiedMillis())) {
      return response.setStatusCode(304).end();
    }
    String range = Validators.rangeApplies(request.getHeader("If-Range"), etag, file.modifiedMillis())
        ? request.getHeader("Range") : null;
    Selection selection = ByteRanges.select(range, file.size());
    if (selection instanceof Unsatisfiable) {
      response.putHeader(HttpHeaders.CONTENT_RANGE, Unsatisfiable.contentRange(file.size()));
      return Future.failedFuture(new ApiException(416, "range_not_satisfiable",
          "the requested range is not within the file's " + file.size() + " bytes"));
    }
    long offset = 0;
    long length = file.size();
    if (selection instanceof Part part) {
      offset = part.first();
      length = part.length();
      response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, part.contentRange(file.size()));
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, type.contentType());
    if (request.method() == HttpMethod.HEAD) {
      return response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length)).end();
    }
    if (!type.compressible() || selection instanceof Part) {
      // Media is compressed already, and a part's length and offsets must be those of the file.
      response.putHeader(HttpHeaders.CONTENT_ENCODING, NO_COMPRESSION);
    }
    long sent = length;
    return response.sendFile(file.path().toString(), offset, length).andThen(done -> {
      if (done.succeeded()) {
        metrics.sent(type, sent);
      }
    });
  }
}
