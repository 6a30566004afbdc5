package io.reelay.upload;

import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;

/** Reads and validates the tus headers of a request; anything malformed is a 400 naming the header. */
final class TusRequests {

  private TusRequests() {}

  static UploadService.Creation creation(HttpServerRequest request, UploadSettings settings) {
    UploadConcat concat = UploadConcat.parse(request.getHeader(Tus.UPLOAD_CONCAT));
    Long length = nonNegative(request, Tus.UPLOAD_LENGTH);
    String defer = request.getHeader(Tus.UPLOAD_DEFER_LENGTH);
    if (defer != null && !defer.trim().equals("1")) {
      throw TusException.badRequest("Upload-Defer-Length must be 1");
    }
    if (concat.kind() == UploadConcat.Kind.FINAL) {
      if (length != null || defer != null) {
        throw TusException.badRequest("a final concatenation takes its length from its parts; send no Upload-Length");
      }
    } else if ((length == null) == (defer == null)) {
      throw TusException.badRequest("send exactly one of Upload-Length and Upload-Defer-Length: 1");
    }
    String rawMetadata = request.getHeader(Tus.UPLOAD_METADATA);
    boolean hasBody = isOffsetOctetStream(request) && concat.kind() != UploadConcat.Kind.FINAL;
    return new UploadService.Creation(length, concat, rawMetadata, UploadMetadata.parse(rawMetadata),
        hasBody ? request : null, hasBody ? chunk(request) : null);
  }

  static void requireOffsetOctetStream(HttpServerRequest request) {
    if (!isOffsetOctetStream(request)) {
      throw new TusException(415, "PATCH bodies must be sent as Content-Type: " + Tus.OFFSET_OCTET_STREAM);
    }
  }

  static long offset(HttpServerRequest request) {
    Long offset = nonNegative(request, Tus.UPLOAD_OFFSET);
    if (offset == null) {
      throw TusException.badRequest("Upload-Offset is required");
    }
    return offset;
  }

  /** Upload-Length on a PATCH: sets a deferred length. */
  static Long length(HttpServerRequest request) {
    return nonNegative(request, Tus.UPLOAD_LENGTH);
  }

  static ChunkWriter.Chunk chunk(HttpServerRequest request) {
    String checksum = request.getHeader(Tus.UPLOAD_CHECKSUM);
    String trailer = request.getHeader("Trailer");
    boolean inTrailer = checksum == null && trailer != null
        && trailer.toLowerCase(Locale.ROOT).contains(Tus.UPLOAD_CHECKSUM.toLowerCase(Locale.ROOT));
    return new ChunkWriter.Chunk(nonNegative(request, "Content-Length"),
        checksum == null ? null : UploadChecksum.parse(checksum), inTrailer);
  }

  /** The request announces a body (which may not have been read yet). */
  static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
  }

  private static boolean isOffsetOctetStream(HttpServerRequest request) {
    String type = request.getHeader("Content-Type");
    if (type == null) {
      return false;
    }
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().equalsIgnoreCase(Tus.OFFSET_OCTET_STREAM);
  }

  private static Long nonNegative(HttpServerRequest request, String header) {
    String value = request.getHeader(header);
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.isEmpty() || trimmed.length() > 18 || !trimmed.chars().allMatch(Character::isDigit)) {
      throw TusException.badRequest(header + " must be a non-negative integer below 10^18, got '" + value + "'");
    }
    return Long.parseLong(trimmed);
  }
}
