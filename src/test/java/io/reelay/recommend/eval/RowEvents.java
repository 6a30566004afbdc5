package io.reelay.recommend.eval;

import io.reelay.recommend.model.EventKind;
import io.reelay.recommend.model.Interaction;
import java.util.List;

/**
 * The events a player would have sent for one row: a play, the watch time as one heartbeat (the model is
 * linear in watch time, so one heartbeat of 300 s weighs what thirty of 10 s do), then a completion when at
 * least {@link #COMPLETE_AT} was watched, else a leave ("skip") after the watched seconds — a quick skip when
 * under the signals' threshold. Items are taken as {@link #ITEM_SECONDS} long: files carry no durations.
 */
final class RowEvents {

  static final double ITEM_SECONDS = 600;
  static final double COMPLETE_AT = 0.9;

  private RowEvents() {
  }

  static List<Interaction> of(Row r) {
    double f = r.watchFraction();
    double watched = f * ITEM_SECONDS;
    Interaction play = Interaction.of(EventKind.PLAY, r.user(), r.item(), r.tags(), r.creator(), r.time());
    Interaction heartbeat = new Interaction(EventKind.HEARTBEAT, r.user(), r.item(), r.tags(), r.creator(),
        r.time(), watched);
    Interaction end = f >= COMPLETE_AT
        ? Interaction.of(EventKind.COMPLETE, r.user(), r.item(), r.tags(), r.creator(), r.time())
        : new Interaction(EventKind.SKIP, r.user(), r.item(), r.tags(), r.creator(), r.time(), watched);
    return List.of(play, heartbeat, end);
  }
}
