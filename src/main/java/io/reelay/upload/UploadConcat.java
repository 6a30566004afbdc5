package io.reelay.upload;

import io.reelay.node.Ids;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Upload-Concat} header: {@code partial}, or {@code final;URL URL ...} naming the partial uploads
 * to concatenate in order. URLs may be absolute or paths; the upload id is their last segment.
 */
record UploadConcat(Kind kind, List<String> partIds) {

  enum Kind {
    NONE, PARTIAL, FINAL;

    String id() {
      return name().toLowerCase();
    }

    static Kind fromId(String id) {
      return valueOf(id.toUpperCase());
    }
  }

  static final UploadConcat NONE = new UploadConcat(Kind.NONE, List.of());
  /** Plenty for parallel chunking; bounds the work one request can ask for. */
  static final int MAX_PARTS = 1000;

  static UploadConcat parse(String header) {
    if (header == null) {
      return NONE;
    }
    String value = header.trim();
    if (value.equals("partial")) {
      return new UploadConcat(Kind.PARTIAL, List.of());
    }
    if (!value.startsWith("final;")) {
      throw TusException.badRequest("Upload-Concat must be 'partial' or 'final;<url> <url> ...'");
    }
    List<String> ids = new ArrayList<>();
    for (String url : value.substring("final;".length()).trim().split(" +")) {
      String id = url.substring(url.lastIndexOf('/') + 1);
      if (!url.contains("/files/") || !Ids.wellFormed(id)) {
        throw TusException.badRequest("Upload-Concat names '" + url + "', which is not an upload URL");
      }
      ids.add(id);
    }
    if (ids.isEmpty() || ids.size() > MAX_PARTS) {
      throw TusException.badRequest("Upload-Concat final needs 1 to " + MAX_PARTS + " partial uploads");
    }
    return new UploadConcat(Kind.FINAL, List.copyOf(ids));
  }

  /** The header value for responses, with paths relative to this server. */
  String headerValue() {
    return switch (kind) {
      case NONE -> null;
      case PARTIAL -> "partial";
      case FINAL -> "final;" + String.join(" ", partIds.stream().map(id -> TusRoutes.PATH + id).toList());
    };
  }
}
