package io.reelay.transcode;

import io.reelay.catalog.CatalogService;
import io.reelay.catalog.Video;
import io.reelay.catalog.VideoAccess;
import io.reelay.catalog.VideoStatus;
import io.reelay.node.auth.AccessGuard;
import io.reelay.node.auth.Principal;
import io.reelay.node.auth.Role;
import io.reelay.node.http.ApiException;
import io.reelay.node.http.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/videos/{id}/events}: the video's transcode progress as Server-Sent Events (the current
 * state first, then progress, then one {@code end} event with the video). {@code POST
 * /api/videos/{id}/transcode}: an admin requeues the video's transcode.
 */
final class TranscodeRoutes implements HttpRoutes {

  /** Comment lines keep idle proxies from closing a quiet stream. */
  private static final long KEEPALIVE_MS = 15_000;

  private final CatalogService catalog;
  private final TranscodeService transcodes;
  private final ProgressStreams streams;
  private final AccessGuard guard;

  TranscodeRoutes(CatalogService catalog, TranscodeService transcodes, ProgressStreams streams, AccessGuard guard) {
    this.catalog = catalog;
    this.transcodes = transcodes;
    this.streams = streams;
    this.guard = guard;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/videos/:id/events").handler(guard.optional()).handler(this::events);
    router.post("/api/videos/:id/transcode").handler(guard.require(Role.ADMIN)).handler(this::requeue);
  }

  private void events(RoutingContext ctx) {
    Principal viewer = AccessGuard.principal(ctx);
    catalog.find(ctx.pathParam("id")).compose(video -> VideoAccess.canView(video, viewer)
            ? Future.succeededFuture(video) : Future.failedFuture(CatalogService.notFound(video.id())))
        .onSuccess(video -> stream(ctx, video))
        .onFailure(ctx::fail);
  }

  private void stream(RoutingContext ctx, Video video) {
    HttpServerResponse response = ctx.response()
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no")
        .setChunked(true);
    boolean finished = video.status() == VideoStatus.READY || video.status() == VideoStatus.FAILED;
    ProgressStreams.send(response, finished ? "end" : "state", video.toJson());
    if (finished || video.contentHash() == null) {
      // Nothing will change before the bytes arrive or after the end; the client may ask again.
      response.end();
      return;
    }
    streams.add(video.contentHash(), response, ctx.vertx().getOrCreateContext());
    ctx.vertx().setPeriodic(KEEPALIVE_MS, id -> {
      if (response.ended() || response.closed()) {
        ctx.vertx().cancelTimer(id);
      } else {
        response.write(": keepalive\n\n");
      }
    });
  }

  private void requeue(RoutingContext ctx) {
    catalog.find(ctx.pathParam("id"))
        .compose(video -> video.contentHash() == null
            ? Future.failedFuture(new ApiException(409, "conflict", "the video has no stored content yet"))
            : transcodes.requeue(video.id(), video.contentHash()))
        .onSuccess(job -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("job", job).encode()))
        .onFailure(ctx::fail);
  }
}
