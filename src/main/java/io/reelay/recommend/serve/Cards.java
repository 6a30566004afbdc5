package io.reelay.recommend.serve;

import io.reelay.catalog.CatalogService;
import io.reelay.catalog.Video;
import io.reelay.catalog.VideoStatus;
import io.reelay.catalog.Visibility;
import io.reelay.node.http.ApiException;
import io.reelay.recommend.ItemIds;
import io.reelay.recommend.model.Reason;
import io.reelay.recommend.model.Recommendation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns ranked items into what a feed shows: a card per item with its title, picture, length or viewers,
 * creator, tags and the reason in words. Only ready, public videos and streams live now get a card; the rest
 * are dropped (the ranking asks for a few more than the page). Videos come from the catalog (itself cached in
 * Redis) through a short local cache: a video made private leaves feeds within {@link #TTL_MS}.
 */
final class Cards {

  static final long TTL_MS = 30_000;
  private static final int CAPACITY = 50_000;

  /** A showable video and its card (reason left out), made once per cache entry and copied per page. */
  private record Shown(Video video, JsonObject card) {}

  private final CatalogService catalog;
  private final TtlCache<Optional<Shown>> videos = new TtlCache<>(CAPACITY, TTL_MS);

  Cards(CatalogService catalog) {
    this.catalog = catalog;
  }

  /** Cards for the items in order, at most {@code limit}, leaving out what may not be shown. */
  Future<List<JsonObject>> of(List<Recommendation> ranked, LiveCandidates.Snapshot live, int limit) {
    List<Future<JsonObject>> cards = new ArrayList<>(ranked.size());
    for (Recommendation r : ranked) {
      cards.add(card(r.item(), live).compose(card -> card == null ? Future.succeededFuture(null)
          : reason(r.reason(), live).map(text -> card.put("reason", text)
              .put("reasonKind", r.reason().kind().name().toLowerCase(java.util.Locale.ROOT)))));
    }
    return Future.all(cards).map(all -> {
      List<JsonObject> out = new ArrayList<>(limit);
      for (int i = 0; i < all.size() && out.size() < limit; i++) {
        JsonObject c = all.resultAt(i);
        if (c != null) {
          out.add(c);
        }
      }
      return out;
    });
  }

  /** The card of an item without its reason, or null when it may not be shown. */
  Future<JsonObject> card(String item, LiveCandidates.Snapshot live) {
    if (ItemIds.isStream(item)) {
      JsonObject entry = live.entries().get(item);
      return Future.succeededFuture(entry == null ? null : streamCard(entry));
    }
    return shown(item).map(s -> s.map(shown -> shown.card().copy()).orElse(null));
  }

  /** The video when it is ready and public. */
  Future<Optional<Video>> showable(String id) {
    return shown(id).map(s -> s.map(Shown::video));
  }

  private Future<Optional<Shown>> shown(String id) {
    long now = System.currentTimeMillis();
    Optional<Shown> cached = videos.get(id, now);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return catalog.find(id)
        .map(v -> v.status() == VideoStatus.READY && v.visibility() == Visibility.PUBLIC
            ? Optional.of(new Shown(v, videoCard(v))) : Optional.<Shown>empty())
        .recover(e -> e instanceof ApiException a && a.status() == 404
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e))
        .onSuccess(v -> videos.put(id, v, now));
  }

  private Future<String> reason(Reason reason, LiveCandidates.Snapshot live) {
    return switch (reason.kind()) {
      case BECAUSE_YOU_WATCHED -> title(reason.ref(), live).map(t -> "because you watched " + t);
      case WATCHED_TOGETHER -> title(reason.ref(), live).map(t -> "watched together with " + t);
      default -> Future.succeededFuture(reason.text());
    };
  }

  /** A watched item's title (it may since have become private: then "a video"). */
  private Future<String> title(String item, LiveCandidates.Snapshot live) {
    if (ItemIds.isStream(item)) {
      JsonObject entry = live.entries().get(item);
      return Future.succeededFuture(entry == null ? "a live stream" : entry.getString("title", "a live stream"));
    }
    return showable(item).map(v -> v.map(Video::title).orElse("a video")).otherwise("a video");
  }

  private static JsonObject videoCard(Video v) {
    JsonObject api = v.toJson();
    JsonObject card = new JsonObject()
        .put("id", v.id())
        .put("kind", "video")
        .put("title", v.title())
        .put("poster", api.getString("poster"))
        .put("creator", new JsonObject().put("id", v.ownerId()).put("username", v.ownerName()))
        .put("tags", new JsonArray(v.tags()));
    if (v.durationMs() != null) {
      card.put("durationSeconds", v.durationMs() / 1000.0);
    }
    return card;
  }

  private static JsonObject streamCard(JsonObject entry) {
    return new JsonObject()
        .put("id", entry.getString("id"))
        .put("kind", "stream")
        .put("title", entry.getString("title"))
        .put("poster", null)
        .put("viewers", entry.getLong("viewers", 0L))
        .put("creator", new JsonObject().put("id", entry.getValue("ownerId")))
        .put("tags", new JsonArray())
        .put("playbackUrl", entry.getString("playbackUrl"));
  }
}
