package io.reelay.recommend.model;

/**
 * Turns an event into an implicit-feedback weight. As in YouTube's 2016 recommender paper, watch time carries
 * most of the evidence (a click alone says little and rewards clickbait), a finished view adds a bonus,
 * explicit feedback weighs more, leaving within seconds is negative and an impression that is never played is
 * slightly negative. Weights are in "units" where one finished view ≈ 1.
 *
 * @param perWatchedMinute weight of each minute of watch time (heartbeats)
 * @param maxHeartbeatSeconds a heartbeat claiming more is clamped (a client bug must not swamp a profile)
 * @param play             a start of playback
 * @param complete         watched to the end (on top of its watch time)
 * @param quickSkip        leaving within {@code quickSkipSeconds}; a later leave weighs 0 (its watch time counted)
 * @param quickSkipSeconds what counts as a quick skip
 * @param like             explicit like
 * @param dislike          explicit dislike
 * @param share            a share
 * @param impression       shown (each impression; a following play outweighs it)
 */
public record Signals(double perWatchedMinute, double maxHeartbeatSeconds, double play, double complete,
    double quickSkip, double quickSkipSeconds, double like, double dislike, double share, double impression) {

  public static Signals defaults() {
    return new Signals(0.2, 3600, 0.05, 1.0, -0.5, 10, 1.5, -3.0, 2.0, -0.02);
  }

  public double weight(Interaction e) {
    return switch (e.kind()) {
      case IMPRESSION -> impression;
      case PLAY -> play;
      case HEARTBEAT -> perWatchedMinute * Math.min(Math.max(e.seconds(), 0), maxHeartbeatSeconds) / 60;
      case COMPLETE -> complete;
      case SKIP -> e.seconds() < quickSkipSeconds ? quickSkip : 0;
      case LIKE -> like;
      case DISLIKE -> dislike;
      case SHARE -> share;
      case OTHER -> 0;
    };
  }

  /**
   * True when the event is evidence that the subject watched the item, so it enters the recent history and
   * co-occurrence: a click does not (a quick skip would then co-occur with what follows), watch time does.
   */
  public boolean engaged(Interaction e) {
    return switch (e.kind()) {
      case HEARTBEAT -> e.seconds() >= quickSkipSeconds;
      case COMPLETE, LIKE, SHARE -> true;
      default -> false;
    };
  }
}
