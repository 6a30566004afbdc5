package io.reelay.recommend.model;

/**
 * Why an item is on a page, shown to the viewer.
 *
 * @param kind what brought the item
 * @param ref  the item watched ({@link Kind#BECAUSE_YOU_WATCHED}, {@link Kind#WATCHED_TOGETHER}), the tag
 *             ({@link Kind#POPULAR_IN}, {@link Kind#LIVE_NOW} when matched by tag), else null
 */
public record Reason(Kind kind, String ref) {

  public enum Kind { BECAUSE_YOU_WATCHED, WATCHED_TOGETHER, POPULAR_IN, TRENDING, LIVE_NOW }

  public static final Reason TRENDING = new Reason(Kind.TRENDING, null);

  /** English text; the API may localise by kind. Item references are ids (the API can resolve titles). */
  public String text() {
    return switch (kind) {
      case BECAUSE_YOU_WATCHED -> "because you watched " + ref;
      case WATCHED_TOGETHER -> "watched together with " + ref;
      case POPULAR_IN -> "popular in " + ref;
      case TRENDING -> "trending";
      case LIVE_NOW -> ref == null ? "live now" : "live now in " + ref;
    };
  }
}
