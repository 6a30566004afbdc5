package io.reelay.catalog;

import java.util.Locale;

/** Where a video is in its life: bytes arriving, being probed and transcoded, playable, or given up on. */
public enum VideoStatus {
  UPLOADING, PROCESSING, READY, FAILED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static VideoStatus fromId(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
