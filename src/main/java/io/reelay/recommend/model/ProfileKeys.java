package io.reelay.recommend.model;

/**
 * The keys of the recommendation state; one place so the Redis layout is readable at a glance. No braces: in
 * a Redis Cluster every key may live on its own slot (no command touches two keys).
 *
 * <pre>
 * rec:u:{user}:tags        zset  tag → affinity (profile half-life; negative = disliked)
 * rec:u:{user}:recent      list  "time item" of engaged views, newest first, capped
 * rec:u:{user}:completed   set   items watched to the end
 * rec:u:{user}:disliked    set   items disliked
 * rec:i:{item}             hash  creator, tags (comma-separated): what ranking needs of an item
 * rec:i:{item}:co          zset  item → co-watch weight (profile half-life), capped
 * rec:popular              zset  item → engagement (profile half-life): co-occurrence normaliser
 * rec:trending             zset  item → engagement (trending half-life)
 * rec:trending:{tag}       zset  the same per tag
 * </pre>
 */
public final class ProfileKeys {

  private static final String PREFIX = "rec:";

  private ProfileKeys() {
  }

  public static String userTags(String user) {
    return PREFIX + "u:" + user + ":tags";
  }

  public static String userRecent(String user) {
    return PREFIX + "u:" + user + ":recent";
  }

  public static String userCompleted(String user) {
    return PREFIX + "u:" + user + ":completed";
  }

  public static String userDisliked(String user) {
    return PREFIX + "u:" + user + ":disliked";
  }

  public static String item(String item) {
    return PREFIX + "i:" + item;
  }

  public static String coWatched(String item) {
    return PREFIX + "i:" + item + ":co";
  }

  public static String popular() {
    return PREFIX + "popular";
  }

  public static String trending() {
    return PREFIX + "trending";
  }

  public static String trending(String tag) {
    return PREFIX + "trending:" + tag;
  }

  /** Whether {@code key} is {@link #trending()} or a {@link #trending(String)} key: the same for every viewer. */
  public static boolean isTrending(String key) {
    return key.startsWith(PREFIX + "trending");
  }

  /** Whether {@code key} is a {@link #coWatched(String)} set: the same for every viewer. */
  public static boolean isCoWatched(String key) {
    return key.startsWith(PREFIX + "i:") && key.endsWith(":co");
  }

  /** Whether {@code key} is an {@link #item(String)} hash (not its co-watch set). */
  public static boolean isItem(String key) {
    return key.startsWith(PREFIX + "i:") && !key.endsWith(":co");
  }
}
