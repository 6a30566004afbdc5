package io.reelay.live;

import io.reelay.node.auth.AccessGuard;
import io.reelay.node.auth.Role;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.http.JsonBodies;
import io.reelay.node.http.Replies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/streams} (a creator's new stream, with its key), {@code GET /api/streams/live} (live now,
 * most viewers first), {@code GET /api/streams/{id}}, and key management: {@code POST /api/streams/{id}/key}
 * makes a new key, {@code DELETE /api/streams/{id}/key} revokes it (owner or admin).
 * {@code GET /api/streams/{id}} adds {@code ingest}, the SRT connection's figures, when this node receives it.
 */
final class StreamRoutes implements HttpRoutes {

  private final StreamService streams;
  private final LiveDirectory directory;
  private final IngestUrls urls;
  private final AccessGuard guard;
  private final SrtIngest srt;

  StreamRoutes(StreamService streams, LiveDirectory directory, IngestUrls urls, AccessGuard guard, SrtIngest srt) {
    this.streams = streams;
    this.directory = directory;
    this.urls = urls;
    this.guard = guard;
    this.srt = srt;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/streams").handler(guard.require(Role.CREATOR)).handler(ctx -> {
      JsonObject body = ctx.body().length() == 0 ? new JsonObject() : JsonBodies.object(ctx);
      Replies.json(ctx, 201, streams.create(AccessGuard.principal(ctx), body.getValue("title") instanceof String t ? t : null)
          .map(this::withKey));
    });
    router.get("/api/streams/live").handler(ctx ->
        Replies.json(ctx, directory.list(System.currentTimeMillis()).map(live -> new JsonObject().put("streams", live))));
    // With the publisher's SRT connection figures when this node receives it over SRT.
    router.get("/api/streams/:id").handler(ctx -> Replies.json(ctx, streams.describe(id(ctx)).map(json ->
        srt.statsOf(id(ctx)).map(stats -> json.put("ingest", SrtIngest.json(stats))).orElse(json))));
    router.post("/api/streams/:id/key").handler(guard.require(Role.VIEWER)).handler(ctx ->
        Replies.json(ctx, streams.rotateKey(AccessGuard.principal(ctx), id(ctx)).map(this::withKey)));
    router.delete("/api/streams/:id/key").handler(guard.require(Role.VIEWER)).handler(ctx ->
        Replies.json(ctx, streams.revokeKey(AccessGuard.principal(ctx), id(ctx)).map(LiveStream::toJson)));
  }

  private JsonObject withKey(StreamService.KeyedStream keyed) {
    return keyed.stream().toJsonWithKey(keyed.key(), urls);
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }
}
