package io.reelay.recommend.builder;

import io.reelay.recommend.model.Interaction;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileKeys;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.model.Write;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies the events of one batch (the polls a consumer queued) to the state, each exactly once within the dedup
 * window, in two rounds however many events and viewers the batch holds: (1) a dedup marker {@code SET
 * rec:seen:{subject}:{eventId} <token> NX EX window} per event and the history of each viewer with an engaged
 * event; (2) the writes of the new events, folded ({@link FoldedWrites}). Between the two, a viewer's history is
 * kept locally, so a viewer's later events of the batch see the earlier ones' views as one at a time would. Each
 * round goes out in pipelines of at most {@link #MAX_PIPELINE} commands, in parallel. A marker holds the batch's
 * token: if either round fails, the retry of the batch reads its markers back and takes those holding its token
 * for its own (round 1 failing half-way must not turn the retry's events into duplicates); after a failed round 2
 * the markers are also removed (best effort), so a partition's new owner redoes them. The marker is scoped by
 * subject: event ids are client-chosen, and two devices may well pick the same one.
 *
 * <p>Uses {@link ProfileUpdater#writes} (the code the offline evaluator replays) with the history read here.
 * Not thread-safe: one per consumer, one batch at a time (a viewer's events must apply in order).
 */
final class BatchApplier {

  static final String SEEN_PREFIX = "rec:seen:";
  /**
   * Commands per pipeline: the node's client awaits at most 1,024 replies per connection. Even, so a retry's
   * SET + GET pair of one marker never spans two pipelines (connections).
   */
  static final int MAX_PIPELINE = 500;

  /** One event to apply. */
  record Item(String eventId, Interaction interaction) {}

  /** How many of the items were applied and how many were duplicates. */
  record Outcome(int applied, int duplicates) {}

  private final Redis redis;
  private final ProfileUpdater updater;
  private final ModelSettings settings;
  private final long dedupSeconds;

  BatchApplier(Redis redis, ProfileUpdater updater, ModelSettings settings, long dedupSeconds) {
    this.redis = redis;
    this.updater = updater;
    this.settings = settings;
    this.dedupSeconds = dedupSeconds;
  }

  static String seenKey(String subject, String eventId) {
    return SEEN_PREFIX + subject + ":" + eventId;
  }

  /** The items in the order their records had in their partitions; a first attempt. */
  Future<Outcome> apply(List<Item> items, String token) {
    return apply(items, token, false);
  }

  /**
   * @param token  names this batch in its markers: a retry of the batch takes a marker holding it for its own
   * @param retry  whether an earlier attempt of the batch may have set markers (then each marker is read back)
   */
  Future<Outcome> apply(List<Item> items, String token, boolean retry) {
    if (items.isEmpty()) {
      return Future.succeededFuture(new Outcome(0, 0));
    }
    // Round 1: a marker per event (and, on a retry, its value read back on the same connection), then the
    // histories. An event id twice in one batch is a duplicate without asking Redis.
    Set<String> keys = new HashSet<>();
    List<Item> unique = new ArrayList<>(items.size());
    List<Request> first = new ArrayList<>(items.size() * (retry ? 2 : 1) + items.size() / 2);
    for (Item item : items) {
      String key = seenKey(item.interaction().subject(), item.eventId());
      if (keys.add(key)) {
        unique.add(item);
        first.add(Request.cmd(Command.SET).arg(key).arg(token).arg("NX").arg("EX").arg(dedupSeconds));
        if (retry) {
          first.add(Request.cmd(Command.GET).arg(key));
        }
      }
    }
    int markers = first.size();
    Set<String> readers = new LinkedHashSet<>();
    for (Item item : unique) {
      String subject = item.interaction().subject();
      if (engaged(item.interaction()) && readers.add(subject)) {
        first.add(Request.cmd(Command.LRANGE).arg(ProfileKeys.userRecent(subject)).arg(0)
            .arg(settings.coWindow() - 1));
      }
    }
    return send(first).compose(replies -> {
      Map<String, List<String>> recent = new HashMap<>();
      int at = markers;
      for (String reader : readers) {
        recent.put(reader, strings(replies.get(at++)));
      }
      List<String> marked = new ArrayList<>();
      FoldedWrites writes = new FoldedWrites();
      int step = retry ? 2 : 1;
      for (int i = 0; i < unique.size(); i++) {
        Response set = replies.get(i * step);
        Response mine = retry ? replies.get(i * step + 1) : null;
        if (set != null || (mine != null && token.equals(mine.toString()))) {
          Item item = unique.get(i);
          marked.add(seenKey(item.interaction().subject(), item.eventId()));
          writes.add(writesOf(item.interaction(), recent));
        }
      }
      Outcome outcome = new Outcome(marked.size(), items.size() - marked.size());
      return sendAll(writes.pipelines(MAX_PIPELINE)).map(outcome)
          .recover(err -> unmark(marked).transform(ignored -> Future.failedFuture(err)));
    });
  }

  private boolean engaged(Interaction e) {
    return settings.signals().weight(e) > 0 && settings.signals().engaged(e);
  }

  /** The event's writes given its viewer's history so far, which it then extends as the stored one will be. */
  private List<Write> writesOf(Interaction e, Map<String, List<String>> recent) {
    List<String> history = recent.getOrDefault(e.subject(), List.of());
    List<Write> writes = updater.writes(e, engaged(e) ? history : List.of());
    String key = ProfileKeys.userRecent(e.subject());
    for (Write w : writes) {
      if (w instanceof Write.LPushTrim push && push.key().equals(key)) {
        List<String> next = new ArrayList<>(history.size() + 1);
        next.add(push.value());
        next.addAll(history.subList(0, Math.min(history.size(), settings.coWindow() - 1)));
        history = next;
        recent.put(e.subject(), next);
      }
    }
    return writes;
  }

  private Future<Void> unmark(List<String> keys) {
    List<Request> deletes = new ArrayList<>(keys.size());
    keys.forEach(k -> deletes.add(Request.cmd(Command.DEL).arg(k)));
    return send(deletes).mapEmpty();
  }

  private Future<List<Response>> send(List<Request> requests) {
    List<List<Request>> pipelines = new ArrayList<>();
    for (int at = 0; at < requests.size(); at += MAX_PIPELINE) {
      pipelines.add(requests.subList(at, Math.min(requests.size(), at + MAX_PIPELINE)));
    }
    return sendAll(pipelines);
  }

  /** The pipelines in parallel (pooled connections); the replies in the order of their commands. */
  private Future<List<Response>> sendAll(List<List<Request>> pipelines) {
    List<Future<List<Response>>> sent = new ArrayList<>(pipelines.size());
    pipelines.forEach(p -> sent.add(redis.batch(p)));
    return Future.all(sent).map(all -> {
      List<Response> out = new ArrayList<>();
      for (int i = 0; i < sent.size(); i++) {
        out.addAll(all.<List<Response>>resultAt(i));
      }
      return out;
    });
  }

  private static List<String> strings(Response reply) {
    List<String> out = new ArrayList<>();
    if (reply != null) {
      reply.forEach(r -> out.add(r.toString()));
    }
    return out;
  }
}
