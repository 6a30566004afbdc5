package io.reelay.upload;

import java.util.List;

/** Names and fixed values of the tus 1.0.0 protocol, as this server speaks it. */
final class Tus {

  static final String VERSION = "1.0.0";
  static final List<String> EXTENSIONS = List.of("creation", "creation-with-upload", "creation-defer-length",
      "expiration", "checksum", "checksum-trailer", "termination", "concatenation", "concatenation-unfinished");
  static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

  static final String TUS_RESUMABLE = "Tus-Resumable";
  static final String TUS_VERSION = "Tus-Version";
  static final String TUS_EXTENSION = "Tus-Extension";
  static final String TUS_MAX_SIZE = "Tus-Max-Size";
  static final String TUS_CHECKSUM_ALGORITHM = "Tus-Checksum-Algorithm";
  static final String UPLOAD_OFFSET = "Upload-Offset";
  static final String UPLOAD_LENGTH = "Upload-Length";
  static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";
  static final String UPLOAD_METADATA = "Upload-Metadata";
  static final String UPLOAD_EXPIRES = "Upload-Expires";
  static final String UPLOAD_CHECKSUM = "Upload-Checksum";
  static final String UPLOAD_CONCAT = "Upload-Concat";
  static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
  /** Reelay's own response header: the video record an upload fills. */
  static final String VIDEO_ID = "Reelay-Video-Id";

  /** Headers a browser on another origin may send, and may read from responses. */
  static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", TUS_RESUMABLE, UPLOAD_LENGTH,
      UPLOAD_DEFER_LENGTH, UPLOAD_METADATA, UPLOAD_OFFSET, UPLOAD_CHECKSUM, UPLOAD_CONCAT, METHOD_OVERRIDE,
      "X-Requested-With");
  static final List<String> RESPONSE_HEADERS = List.of("Location", TUS_RESUMABLE, TUS_VERSION, TUS_EXTENSION,
      TUS_MAX_SIZE, TUS_CHECKSUM_ALGORITHM, UPLOAD_OFFSET, UPLOAD_LENGTH, UPLOAD_DEFER_LENGTH, UPLOAD_METADATA,
      UPLOAD_EXPIRES, UPLOAD_CONCAT, VIDEO_ID);

  private Tus() {}
}
