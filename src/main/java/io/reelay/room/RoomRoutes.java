package io.reelay.room;

import io.reelay.node.RoomIds;
import io.reelay.catalog.CatalogService;
import io.reelay.catalog.VideoAccess;
import io.reelay.node.auth.AccessGuard;
import io.reelay.node.http.QueryParams;
import io.reelay.node.http.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/rooms/top} (busiest rooms) and {@code GET /api/videos/{id}/danmaku} (a video's danmaku by time). */
final class RoomRoutes implements HttpRoutes {

  private static final int MAX_TOP = 100;

  private final PresenceBoard board;
  private final DanmakuArchive archive;
  private final CatalogService catalog;
  private final AccessGuard guard;

  RoomRoutes(PresenceBoard board, DanmakuArchive archive, CatalogService catalog, AccessGuard guard) {
    this.board = board;
    this.archive = archive;
    this.catalog = catalog;
    this.guard = guard;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/rooms/top").handler(this::top);
    router.get("/api/videos/:id/danmaku").handler(guard.optional()).handler(this::danmaku);
  }

  private void top(RoutingContext ctx) {
    int limit = QueryParams.intParam(ctx.request().params(), "limit", 1, MAX_TOP, 20);
    board.top(limit).onSuccess(rooms -> ctx.json(new JsonObject().put("rooms", rooms))).onFailure(ctx::fail);
  }

  private void danmaku(RoutingContext ctx) {
    String videoId = ctx.pathParam("id");
    long fromMs = QueryParams.secondsParamAsMillis(ctx.request().params(), "from", 0);
    long toMs = QueryParams.secondsParamAsMillis(ctx.request().params(), "to", Long.MAX_VALUE);
    int limit = QueryParams.intParam(ctx.request().params(), "limit", 1, DanmakuArchive.MAX_PAGE, DanmakuArchive.MAX_PAGE);
    catalog.find(videoId)
        .compose(video -> VideoAccess.canView(video, AccessGuard.principal(ctx))
            ? archive.between(videoId, fromMs, toMs, limit)
            : Future.failedFuture(CatalogService.notFound(videoId)))
        .onSuccess(list -> ctx.json(new JsonObject().put("video", videoId).put("roomId", RoomIds.ofVideo(videoId))
            .put("danmaku", new JsonArray(list))))
        .onFailure(ctx::fail);
  }
}
