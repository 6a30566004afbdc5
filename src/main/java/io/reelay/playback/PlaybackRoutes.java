package io.reelay.playback;

import io.reelay.catalog.Visibility;
import io.reelay.node.NodeMetrics;
import io.reelay.node.auth.AuthService;
import io.reelay.node.http.ApiErrors;
import io.reelay.node.http.ApiException;
import io.reelay.node.http.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET/HEAD /vod/{videoId}/{path...}} (and signed, {@code /vod/{videoId}/s/{expires}/{signature}/{path...}}):
 * the files of a video's HLS tree, {@code <storageDir>/<media path>/hls/{path...}}, with ranges, validators,
 * caching and CORS; {@code OPTIONS} answers CORS preflights. Mount before the web app, whose catch-all
 * GET route would otherwise take these paths.
 *
 * <p>Errors are JSON with {@code Cache-Control: no-store}, so a 404 for a video still processing is not
 * cached by anyone once it becomes ready. Order of checks: path syntax, signature, video, access, readiness,
 * file; a bad signature is refused before the video is looked up, so it tells nothing about the video.
 */
public final class PlaybackRoutes implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PlaybackRoutes.class);
  /** Threads that look files up (stat, real path) on the storage dir, which may be a network mount. */
  private static final int FILE_THREADS = 8;

  private final Pool pg;
  private final PlaybackUrls urls;
  private final VodAccess access;
  private final VodFiles files;
  private final VodResponder responder;

  public PlaybackRoutes(Vertx vertx, Pool pg, AuthService auth, PlaybackUrls urls, Path storageDir,
      NodeMetrics metrics) {
    this.pg = pg;
    this.urls = urls;
    this.access = new VodAccess(auth);
    this.files = new VodFiles(storageDir, vertx.createSharedWorkerExecutor("reelay-vod-files", FILE_THREADS));
    this.responder = new VodResponder(new VodMetrics(metrics));
  }

  @Override
  public void mount(Router router) {
    VodIndex index = new VodIndex(pg); // this HTTP instance's own, used from its event loop only
    router.get("/vod/*").handler(ctx -> serve(ctx, index));
    router.head("/vod/*").handler(ctx -> serve(ctx, index));
    router.options("/vod/*").handler(VodCors::preflight);
  }

  private void serve(RoutingContext ctx, VodIndex index) {
    VodCors.allow(ctx.response());
    VodPath path;
    VodFileType type;
    try {
      path = VodPath.parse(ctx.request().path());
      if (path.signed()) {
        urls.verify(path);
      }
      type = VodFileType.of(path.fileName()).orElseThrow(() ->
          new ApiException(404, "not_found", "no such file: " + String.join("/", path.file())));
    } catch (ApiException e) {
      fail(ctx, e);
      return;
    }
    index.find(path.videoId())
        .compose(found -> access.playable(ctx.request(), path, found))
        .compose(video -> files.resolve(video.videoId(), video.mediaPath(), path.file())
            .compose(file -> responder.send(ctx, file, type, video.visibility() == Visibility.PRIVATE)))
        .onFailure(e -> fail(ctx, e));
  }

  private static void fail(RoutingContext ctx, Throwable failure) {
    if (ctx.response().headWritten()) {
      // Mostly a player that went away mid-body (seeking does that): nothing to tell it, nothing to log.
      LOG.debug("VOD response {} cut: {}", ctx.request().path(), failure.toString());
      ctx.request().connection().close();
      return;
    }
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (failure instanceof ApiException api) {
      ApiErrors.send(ctx, api.status(), api.error(), api.getMessage());
    } else {
      ctx.fail(failure); // a JSON 500, logged
    }
  }
}
