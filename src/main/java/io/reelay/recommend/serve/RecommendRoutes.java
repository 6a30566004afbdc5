package io.reelay.recommend.serve;

import io.reelay.node.auth.AccessGuard;
import io.reelay.node.auth.Principal;
import io.reelay.node.http.ApiException;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.http.QueryParams;
import io.reelay.node.http.Replies;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code GET /api/recommendations?limit=} (the signed-in user's, else the device's: {@code deviceId} query
 * parameter or {@code X-Device-Id} header), {@code GET /api/videos/{id}/related?limit=},
 * {@code GET /api/trending?tag=&limit=}. Each answers {@code {"items": [card…]}}; limit 1-50, default 20.
 */
public final class RecommendRoutes implements HttpRoutes {

  static final int DEFAULT_LIMIT = 20;
  /** As the event contract's deviceId (and tags, which are short words). */
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final int MAX_TAG = 64;

  private final Feeds feeds;
  private final AccessGuard guard;

  public RecommendRoutes(Feeds feeds, AccessGuard guard) {
    this.feeds = feeds;
    this.guard = guard;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/recommendations").handler(guard.optional()).handler(ctx ->
        Replies.json(ctx, feeds.recommendations(ctx.vertx().getOrCreateContext(), subject(ctx), limit(ctx))));
    router.get("/api/videos/:id/related").handler(ctx ->
        Replies.json(ctx, feeds.related(ctx.vertx().getOrCreateContext(), ctx.pathParam("id"), limit(ctx))));
    router.get("/api/trending").handler(ctx ->
        Replies.json(ctx, feeds.trending(ctx.vertx().getOrCreateContext(), tag(ctx), limit(ctx))));
  }

  /** The profile asked for: the user's when signed in (the event contract's subjects), else the device's. */
  static String subject(RoutingContext ctx) {
    Principal who = AccessGuard.principal(ctx);
    if (who != null) {
      return "u:" + who.userId();
    }
    String device = ctx.request().getParam("deviceId");
    if (device == null) {
      device = ctx.request().getHeader("X-Device-Id");
    }
    if (device == null) {
      throw ApiException.badRequest("sign in, or name the device: a deviceId parameter or an X-Device-Id header");
    }
    if (!DEVICE_ID.matcher(device).matches()) {
      throw ApiException.badRequest("deviceId must be 1-64 characters of A-Z a-z 0-9 _ . : -");
    }
    return "d:" + device;
  }

  private static int limit(RoutingContext ctx) {
    return QueryParams.intParam(ctx.request().params(), "limit", 1, Feeds.MAX_LIMIT, DEFAULT_LIMIT);
  }

  private static String tag(RoutingContext ctx) {
    String tag = ctx.request().getParam("tag");
    if (tag == null || tag.isBlank()) {
      return null;
    }
    tag = tag.trim().toLowerCase(Locale.ROOT);
    if (tag.length() > MAX_TAG) {
      throw ApiException.badRequest("tag must be at most " + MAX_TAG + " characters");
    }
    return tag;
  }
}
