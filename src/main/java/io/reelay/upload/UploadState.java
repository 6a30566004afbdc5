package io.reelay.upload;

/** Life of an upload row: active until all bytes are in, then completed; or terminated / expired. */
enum UploadState {
  ACTIVE, COMPLETED, TERMINATED, EXPIRED;

  String id() {
    return name().toLowerCase();
  }

  static UploadState fromId(String id) {
    return valueOf(id.toUpperCase());
  }
}
