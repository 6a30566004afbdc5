package io.reelay.node.auth;

import java.util.Locale;

/** Roles nest: an admin may do what a creator may, a creator what a viewer may. */
public enum Role {
  VIEWER, CREATOR, ADMIN;

  public boolean includes(Role other) {
    return ordinal() >= other.ordinal();
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromId(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
