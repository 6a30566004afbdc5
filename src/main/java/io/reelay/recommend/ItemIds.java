package io.reelay.recommend;

/**
 * Items of the recommendation state: a video by its id, a live stream as {@code s:<id>}, so the two kinds never
 * collide and a page tells them apart (video ids never contain ':').
 */
public final class ItemIds {

  private static final String STREAM = "s:";

  private ItemIds() {
  }

  public static String stream(String streamId) {
    return STREAM + streamId;
  }

  public static boolean isStream(String item) {
    return item.startsWith(STREAM);
  }

  public static String streamId(String item) {
    return item.substring(STREAM.length());
  }
}
