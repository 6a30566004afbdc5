package io.reelay.catalog;

import io.reelay.node.auth.Principal;
import io.reelay.node.auth.Role;
import io.reelay.node.http.ApiException;
import io.reelay.node.http.QueryParams;
import io.vertx.core.MultiMap;

/**
 * A catalog listing: optional filters, a 1-based page, and whether the viewer may see every video
 * of the owner asked for (that owner or an admin) rather than only public, ready ones.
 *
 * @param tag   exact tag, normalised like stored tags; null for any
 * @param owner username; null for any
 * @param text  full-text words over title and description; null for none
 */
public record VideoQuery(String tag, String owner, String text, int page, int size, boolean allOfOwner) {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;
  private static final int MAX_TEXT = 200;

  public static VideoQuery fromParams(MultiMap params, Principal viewer) {
    String tag = blankToNull(params.get("tag"));
    String owner = blankToNull(params.get("owner"));
    String text = blankToNull(params.get("q"));
    if (text != null && text.length() > MAX_TEXT) {
      throw ApiException.badRequest("q must be at most " + MAX_TEXT + " characters");
    }
    boolean allOfOwner = owner != null && viewer != null
        && (viewer.username().equals(owner) || viewer.role().includes(Role.ADMIN));
    return new VideoQuery(tag == null ? null : VideoDraft.tag(tag), owner, text,
        QueryParams.intParam(params, "page", 1, Integer.MAX_VALUE, 1), QueryParams.intParam(params, "size", 1, MAX_SIZE, DEFAULT_SIZE),
        allOfOwner);
  }

  long offset() {
    return (long) (page - 1) * size;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
