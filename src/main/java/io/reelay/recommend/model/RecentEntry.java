package io.reelay.recommend.model;

/** An entry of a subject's recent history, stored as {@code "time item"} (the time first: ids may hold spaces). */
public record RecentEntry(long time, String item) {

  public String encode() {
    return time + " " + item;
  }

  public static RecentEntry decode(String s) {
    int space = s.indexOf(' ');
    return new RecentEntry(Long.parseLong(s.substring(0, space)), s.substring(space + 1));
  }
}
