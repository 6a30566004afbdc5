package io.reelay.catalog;

import io.reelay.node.auth.AccessGuard;
import io.reelay.node.auth.Principal;
import io.reelay.node.auth.Role;
import io.reelay.node.http.ApiException;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.http.JsonBodies;
import io.reelay.node.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/videos}, {@code GET/PATCH/DELETE /api/videos/{id}}. Reading needs no token;
 * changing needs one, and ownership (or admin) decides. A video the requester may not see answers
 * 404, exactly like a missing one, so private ids do not leak.
 */
public final class CatalogRoutes implements HttpRoutes {

  private final CatalogService catalog;
  private final AccessGuard guard;
  private final VodRoots vodRoots;

  /** @param vodRoots playback URL prefixes put into the video JSON (signed ones for private videos) */
  public CatalogRoutes(CatalogService catalog, AccessGuard guard, VodRoots vodRoots) {
    this.catalog = catalog;
    this.guard = guard;
    this.vodRoots = vodRoots;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/videos").handler(guard.optional()).handler(ctx -> Replies.json(ctx,
        catalog.list(VideoQuery.fromParams(ctx.queryParams(), AccessGuard.principal(ctx))).map(page -> page.toJson(vodRoots))));
    router.get("/api/videos/:id").handler(guard.optional()).handler(ctx -> Replies.json(ctx, visible(ctx).map(this::toJson)));
    router.patch("/api/videos/:id").handler(guard.require(Role.VIEWER)).handler(ctx -> {
      VideoPatch patch = VideoPatch.fromJson(JsonBodies.object(ctx));
      Replies.json(ctx, manageable(ctx).compose(video -> catalog.update(video.id(), patch)).map(this::toJson));
    });
    router.delete("/api/videos/:id").handler(guard.require(Role.VIEWER)).handler(ctx ->
        manageable(ctx).compose(video -> catalog.deleteVideo(video.id())).onComplete(result -> {
          if (result.failed()) {
            ctx.fail(result.cause());
          } else {
            ctx.response().setStatusCode(204).end();
          }
        }));
  }

  private JsonObject toJson(Video video) {
    return video.toJson(vodRoots.rootOf(video));
  }

  private Future<Video> visible(RoutingContext ctx) {
    Principal viewer = AccessGuard.principal(ctx);
    return catalog.find(ctx.pathParam("id")).compose(video -> VideoAccess.canView(video, viewer)
        ? Future.succeededFuture(video) : Future.failedFuture(CatalogService.notFound(video.id())));
  }

  private Future<Video> manageable(RoutingContext ctx) {
    Principal viewer = AccessGuard.principal(ctx);
    return visible(ctx).compose(video -> VideoAccess.canManage(video, viewer) ? Future.succeededFuture(video)
        : Future.failedFuture(new ApiException(403, "forbidden", "only the owner or an admin may change video "
            + video.id())));
  }
}
