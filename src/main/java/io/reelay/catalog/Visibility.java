package io.reelay.catalog;

import io.reelay.node.http.ApiException;
import java.util.Locale;

/** Who may see a video: everyone and listed, everyone with the link, or its owner (and admins) only. */
public enum Visibility {
  PUBLIC, UNLISTED, PRIVATE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses client input; anything but the three ids is a 400. */
  public static Visibility fromId(String id) {
    for (Visibility v : values()) {
      if (v.id().equals(id)) {
        return v;
      }
    }
    throw ApiException.badRequest("visibility must be one of public, unlisted, private");
  }
}
