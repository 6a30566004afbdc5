package io.reelay.recommend.model;

import java.util.List;

/**
 * One event as the profile builder sees it, already enriched with the item's catalogue facts.
 *
 * @param kind     what happened
 * @param subject  the user id, or the device id of a signed-out viewer (a profile is kept per subject)
 * @param item     video or stream id
 * @param tags     the item's tags (categories), lower case
 * @param creator  the item's creator; null when unknown
 * @param time     server time, epoch milliseconds
 * @param seconds  watched seconds since the previous heartbeat ({@link EventKind#HEARTBEAT}), or seconds
 *                 watched before leaving ({@link EventKind#SKIP}); 0 otherwise
 */
public record Interaction(EventKind kind, String subject, String item, List<String> tags, String creator, long time,
    double seconds) {

  public Interaction {
    tags = List.copyOf(tags);
  }

  public static Interaction of(EventKind kind, String subject, String item, List<String> tags, String creator,
      long time) {
    return new Interaction(kind, subject, item, tags, creator, time, 0);
  }
}
