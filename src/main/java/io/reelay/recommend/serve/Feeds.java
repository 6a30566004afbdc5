package io.reelay.recommend.serve;

import io.reelay.recommend.model.Reason;
import io.reelay.recommend.model.Recommendation;
import io.reelay.recommend.model.Recommender;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The three feeds, as JSON pages of cards: a subject's recommendations, a video's related items, what trends
 * (overall or in a tag). Ranking is {@link Recommender}'s (the code the offline evaluation measures); this class
 * adds live streams, asks for a few more items than the page (some may not be shown) and makes the cards.
 * Thread-safe: shared by the HTTP instances.
 */
public final class Feeds {

  public static final int MAX_LIMIT = 50;
  /** Live streams put first on the global trending page: at most this share of it. */
  private static final int LIVE_SHARE_OF_TRENDING = 4;

  private final Recommender recommender;
  private final LiveCandidates live;
  private final Cards cards;

  Feeds(Recommender recommender, LiveCandidates live, Cards cards) {
    this.recommender = recommender;
    this.live = live;
    this.cards = cards;
  }

  public static Feeds create(Recommender recommender, io.reelay.node.LiveNow liveNow,
      io.reelay.catalog.CatalogService catalog) {
    return new Feeds(recommender, new LiveCandidates(liveNow), new Cards(catalog));
  }

  /** @param subject {@code u:<userId>} or {@code d:<deviceId>}, as the events name it */
  public Future<JsonObject> recommendations(Context context, String subject, int limit) {
    return live.now(System.currentTimeMillis()).compose(now ->
        back(context, recommender.recommend(subject, ask(limit), now.items()))
            .compose(ranked -> cards.of(ranked, now, limit)))
        .map(Feeds::page);
  }

  /** Fails with a 404 when the video is not a ready, public one. */
  public Future<JsonObject> related(Context context, String videoId, int limit) {
    return cards.showable(videoId).compose(video -> video.isEmpty()
        ? Future.failedFuture(io.reelay.catalog.CatalogService.notFound(videoId))
        : live.now(System.currentTimeMillis()).compose(now ->
            back(context, recommender.related(videoId, ask(limit)))
                .compose(ranked -> cards.of(ranked, now, limit))))
        .map(Feeds::page);
  }

  /** @param tag lower case, or null for everything (then the most watched live streams come first) */
  public Future<JsonObject> trending(Context context, String tag, int limit) {
    return live.now(System.currentTimeMillis()).compose(now ->
        back(context, recommender.trending(tag, ask(limit))).compose(ranked -> {
          List<Recommendation> page = new ArrayList<>();
          if (tag == null) {
            int streams = Math.max(1, limit / LIVE_SHARE_OF_TRENDING);
            now.items().stream().limit(streams).forEach(l -> page.add(
                new Recommendation(l.item(), l.viewers(), new Reason(Reason.Kind.LIVE_NOW, null))));
          }
          ranked.stream().filter(r -> page.stream().noneMatch(p -> p.item().equals(r.item()))).forEach(page::add);
          return cards.of(page, now, limit);
        }))
        .map(Feeds::page);
  }

  /** Some items of a ranking may not be shown (private, not ready, a stream gone offline): ask for a few more. */
  static int ask(int limit) {
    return limit + Math.max(5, limit / 2);
  }

  private static JsonObject page(List<JsonObject> items) {
    return new JsonObject().put("items", new JsonArray(new ArrayList<>(items)));
  }

  /** Back on the request's context: the store's stages complete on the Redis client's threads. */
  private static <T> Future<T> back(Context context, CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, context);
  }
}
