package io.reelay.live;

import io.reelay.live.hls.HlsNames;
import io.reelay.live.hls.InitSegment;
import io.reelay.live.hls.MediaSlice;
import io.reelay.live.hls.Part;
import io.reelay.live.hls.Segment;
import io.reelay.node.http.ApiException;
import io.reelay.node.http.HttpRoutes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Live playback: {@code GET /live/{streamId}/index.m3u8}, LL-HLS blocking reloads included ({@code _HLS_msn},
 * {@code _HLS_part}: held until that part or segment exists), and the files it lists (init segments, parts,
 * segments; a preload-hinted part is held until it exists). With live ABR, the same for each rung under
 * {@code /live/{streamId}/{rung}/}, and {@code master.m3u8} lists them all. The answers are read on the channel's
 * context and written on the request's.
 */
final class LivePlaybackRoutes implements HttpRoutes {

  private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
  private static final String MEDIA_TYPE = "video/mp4";
  /** Short: a later broadcast of the same stream reuses the file names. */
  private static final String MEDIA_CACHE = "public, max-age=20";
  /** A request may ask at most this many segments beyond the next one (RFC 8216bis 6.2.5.2). */
  private static final int MAX_MSN_AHEAD = 2;

  private final Vertx vertx;
  private final LiveChannels channels;
  private final LiveDirectory directory;
  private final String nodeId;

  LivePlaybackRoutes(Vertx vertx, LiveChannels channels, LiveDirectory directory, String nodeId) {
    this.vertx = vertx;
    this.channels = channels;
    this.directory = directory;
    this.nodeId = nodeId;
  }

  @Override
  public void mount(Router router) {
    router.get(LivePaths.PREFIX + ":id/master.m3u8").handler(ctx -> withChannel(ctx, this::master));
    router.get(LivePaths.PREFIX + ":id/index.m3u8").handler(ctx -> withChannel(ctx, this::playlist));
    router.get(LivePaths.PREFIX + ":id/:file").handler(ctx -> withChannel(ctx, this::file));
    router.get(LivePaths.PREFIX + ":id/:rung/index.m3u8").handler(ctx -> withChannel(ctx, this::playlist));
    router.get(LivePaths.PREFIX + ":id/:rung/:file").handler(ctx -> withChannel(ctx, this::file));
  }

  /**
   * Serves from this node's broadcast of the stream; a stream live on another node of the cluster is redirected
   * there (307: same method, same path and query); anything else is not live.
   */
  private void withChannel(RoutingContext ctx, BiConsumer<RoutingContext, LiveChannel> serve) {
    String id = ctx.pathParam("id");
    LiveChannel channel = channels.get(id);
    if (channel != null) {
      serve.accept(ctx, channel);
      return;
    }
    directory.find(id, System.currentTimeMillis()).onComplete(found -> {
      JsonObject entry = found.succeeded() ? found.result() : null;
      if (entry != null && !nodeId.equals(entry.getString("node")) && entry.getString("httpBase") != null) {
        ctx.response().setStatusCode(307).putHeader(HttpHeaders.LOCATION, entry.getString("httpBase") + ctx.request().uri())
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end();
      } else {
        ctx.fail(new ApiException(404, "not_live", "stream " + id + " is not live"));
      }
    });
  }

  private void playlist(RoutingContext ctx, LiveChannel channel) {
    long msn = number(ctx, "_HLS_msn");
    long part = number(ctx, "_HLS_part");
    if (part >= 0 && msn < 0) {
      throw ApiException.badRequest("_HLS_part needs _HLS_msn");
    }
    channel.viewers.seen(ctx.request().remoteAddress().hostAddress() + " " + ctx.request().getHeader("User-Agent"),
        System.currentTimeMillis());
    Context request = vertx.getOrCreateContext();
    long timeoutMs = 3 * channel.segmentTargetMs() + 1_000;
    String rung = ctx.pathParam("rung");
    channel.context.runOnContext(v -> {
      LiveRendition rendition = channel.rendition(rung);
      if (rendition == null) {
        request.runOnContext(w -> ctx.fail(notFound(rung + "/index.m3u8")));
        return;
      }
      if (msn > rendition.nextMsn() + MAX_MSN_AHEAD) {
        request.runOnContext(w -> ctx.fail(ApiException.badRequest("_HLS_msn " + msn + " is too far ahead of the live edge")));
        return;
      }
      // With no reload parameters, a stream with nothing published yet is waited for until its first part.
      long wantMsn = msn >= 0 ? msn : rendition.ready() ? -1 : 0;
      int wantPart = msn >= 0 ? (int) Math.min(part, Integer.MAX_VALUE) : rendition.ready() ? -1 : 0;
      Promise<Boolean> published = Promise.promise();
      published.future().onComplete(done -> {
        // Completed on the channel's context: read the playlist there.
        String text = rendition.ready() ? channel.playlistText(rung) : null;
        request.runOnContext(w -> {
          if (text == null) {
            ctx.fail(new ApiException(503, "not_ready", "the stream has not published anything yet; retry shortly", 1));
          } else {
            send(ctx.response(), PLAYLIST_TYPE, "no-cache", List.of(Buffer.buffer(text)));
          }
        });
      });
      if (wantMsn < 0) {
        published.complete(true);
      } else {
        rendition.await(wantMsn, wantPart, timeoutMs, published);
      }
    });
  }

  /** The multivariant playlist, once every rendition has published something (held until then, like a playlist). */
  private void master(RoutingContext ctx, LiveChannel channel) {
    Context request = vertx.getOrCreateContext();
    long timeoutMs = 3 * channel.segmentTargetMs() + 1_000;
    channel.context.runOnContext(v -> {
      Promise<Boolean> ready = Promise.promise();
      ready.future().onComplete(done -> {
        String text = channel.rendition(null).ready() ? channel.masterText() : null;
        request.runOnContext(w -> {
          if (text == null) {
            ctx.fail(new ApiException(503, "not_ready", "the stream has not published anything yet; retry shortly", 1));
          } else {
            send(ctx.response(), PLAYLIST_TYPE, "no-cache", List.of(Buffer.buffer(text)));
          }
        });
      });
      channel.awaitMaster(timeoutMs, ready);
    });
  }

  private void file(RoutingContext ctx, LiveChannel channel) {
    HlsNames.Name name = HlsNames.parse(ctx.pathParam("file"));
    if (name == null) {
      throw notFound(ctx.pathParam("file"));
    }
    Context request = vertx.getOrCreateContext();
    long timeoutMs = 3 * channel.segmentTargetMs() + 1_000;
    String rung = ctx.pathParam("rung");
    channel.context.runOnContext(v -> {
      LiveRendition rendition = channel.rendition(rung);
      if (rendition == null) {
        request.runOnContext(w -> ctx.fail(notFound(rung + "/" + ctx.pathParam("file"))));
        return;
      }
      Promise<Boolean> available = Promise.promise();
      available.future().onComplete(done -> {
        List<MediaSlice> bytes = bytes(rendition, name);
        request.runOnContext(w -> {
          if (bytes == null) {
            ctx.fail(notFound(ctx.pathParam("file")));
          } else {
            // Wrapped, not copied: every viewer of a part is sent the same immutable bytes. The references taken
            // on the channel's context are given back once the response is written (or failed).
            try {
              send(ctx.response(), MEDIA_TYPE, MEDIA_CACHE, bytes.stream().map(LivePlaybackRoutes::wrap).toList())
                  .onComplete(sent -> bytes.forEach(MediaSlice::release));
            } catch (RuntimeException e) {
              bytes.forEach(MediaSlice::release);
              throw e;
            }
          }
        });
      });
      // A part announced by a preload hint (the next one) is held until it exists; anything else is answered now.
      boolean hinted = name.kind() == HlsNames.Kind.PART && name.number() == rendition.lastPartNumber() + 1;
      if (hinted) {
        rendition.awaitPart(name.number(), timeoutMs, available);
      } else {
        available.complete(true);
      }
    });
  }

  private static Buffer wrap(MediaSlice slice) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(slice.array(), slice.offset(), slice.length()));
  }

  /**
   * The file's bytes (a segment is its parts in order), each with a reference taken for the response, or null if
   * the channel does not hold it. On the channel's context, where the window cannot drop them meanwhile.
   */
  private static List<MediaSlice> bytes(LiveRendition rendition, HlsNames.Name name) {
    switch (name.kind()) {
      case INIT -> {
        InitSegment init = rendition.init((int) name.number());
        return init == null ? null : List.of(MediaSlice.of(init.bytes()));
      }
      case PART -> {
        Part part = rendition.part(name.number());
        return part == null ? null : List.of(part.media().retain());
      }
      default -> {
        Segment segment = rendition.segment(name.number());
        return segment == null ? null : segment.parts().stream().map(p -> p.media().retain()).toList();
      }
    }
  }

  /** Completes once the response is written, or failed. */
  private static Future<Void> send(HttpServerResponse response, String type, String cacheControl, List<Buffer> chunks) {
    long length = chunks.stream().mapToLong(Buffer::length).sum();
    response.putHeader(HttpHeaders.CONTENT_TYPE, type)
        .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
        .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length))
        .putHeader("Access-Control-Allow-Origin", "*");
    for (int i = 0; i < chunks.size() - 1; i++) {
      response.write(chunks.get(i));
    }
    return response.end(chunks.isEmpty() ? Buffer.buffer() : chunks.get(chunks.size() - 1));
  }


  /** A non-negative query parameter, or -1 when absent. */
  private static long number(RoutingContext ctx, String param) {
    String value = ctx.queryParams().get(param);
    if (value == null) {
      return -1;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw ApiException.badRequest(param + " must be a non-negative whole number");
  }

  private static ApiException notFound(String file) {
    return new ApiException(404, "not_found", "no live file " + file);
  }
}
