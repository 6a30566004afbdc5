package io.reelay.recommend.builder;

import io.reelay.recommend.model.Interaction;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileKeys;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.model.Write;
import io.reelay.recommend.state.Pipeline;
import io.reelay.recommend.state.RedisProfileStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one event to the state exactly once within the dedup window, in two round trips: (1) the dedup
 * marker {@code SET rec:seen:{subject}:{eventId} 1 NX EX window} pipelined with the history read the update
 * needs, (2) the update's writes. Both go through a {@link Pipeline}: the records a consumer is handed in one go
 * share their round trips. A duplicate stops after (1). When (2) fails the marker is
 * removed, so the retry applies the event. The marker is scoped by subject: event ids are client-chosen, and two
 * devices may well pick the same one.
 *
 * <p>Uses {@link ProfileUpdater#writes} (the same code the offline evaluator replays), not its
 * {@code record}, only so the history read rides with the marker. Not thread-safe: one per consumer.
 */
final class EventApplier {

  static final String SEEN_PREFIX = "rec:seen:";

  private final Pipeline redis;
  private final ProfileUpdater updater;
  private final ModelSettings settings;
  private final long dedupSeconds;

  EventApplier(Pipeline redis, ProfileUpdater updater, ModelSettings settings, long dedupSeconds) {
    this.redis = redis;
    this.updater = updater;
    this.settings = settings;
    this.dedupSeconds = dedupSeconds;
  }

  static String seenKey(String subject, String eventId) {
    return SEEN_PREFIX + subject + ":" + eventId;
  }

  /** True when the event was applied, false when it was a duplicate. */
  Future<Boolean> apply(String eventId, Interaction e) {
    boolean engaged = settings.signals().weight(e) > 0 && settings.signals().engaged(e);
    String seen = seenKey(e.subject(), eventId);
    List<Request> first = new ArrayList<>(2);
    first.add(Request.cmd(Command.SET).arg(seen).arg("1").arg("NX").arg("EX").arg(dedupSeconds));
    if (engaged) {
      first.add(Request.cmd(Command.LRANGE).arg(ProfileKeys.userRecent(e.subject())).arg(0)
          .arg(settings.coWindow() - 1));
    }
    return redis.batch(first).compose(replies -> {
      if (isNull(replies.get(0))) {
        return Future.succeededFuture(false);
      }
      List<Write> writes = updater.writes(e, engaged ? strings(replies.get(1)) : List.of());
      if (writes.isEmpty()) {
        return Future.succeededFuture(true);
      }
      return redis.batch(RedisProfileStore.requests(writes)).map(true)
          .recover(err -> redis.send(Request.cmd(Command.DEL).arg(seen))
              .transform(ignored -> Future.failedFuture(err)));
    });
  }

  private static boolean isNull(Response r) {
    return r == null;
  }

  private static List<String> strings(Response reply) {
    List<String> out = new ArrayList<>();
    if (reply != null) {
      reply.forEach(r -> out.add(r.toString()));
    }
    return out;
  }
}
