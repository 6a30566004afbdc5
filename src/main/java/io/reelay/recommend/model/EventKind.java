package io.reelay.recommend.model;

/** What a viewer did; the kinds clients and capabilities send (issue 6). */
public enum EventKind {
  /** The item was shown (feed, related list) — by itself, a weak "not interested". */
  IMPRESSION,
  /** Playback started: a click, little evidence before watch time accrues. */
  PLAY,
  /** Playback progress: {@code seconds} watched since the previous heartbeat of this view. */
  HEARTBEAT,
  /** Watched to the end. */
  COMPLETE,
  /** Left the item after {@code seconds} of watching. */
  SKIP,
  LIKE,
  DISLIKE,
  SHARE,
  /** Kinds that do not move a profile (yet): search, follow, server-side events. */
  OTHER
}
