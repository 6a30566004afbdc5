package io.reelay.node.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Trailer fields of chunked HTTP/1.1 request bodies (e.g. tus's {@code Upload-Checksum} sent as a trailer).
 * Vert.x drops request trailers, so a small Netty handler in front of Vert.x's keeps the last request's
 * trailers on the connection until the request's end handler reads them.
 */
public final class RequestTrailers {

  private static final AttributeKey<HttpHeaders> LAST_TRAILERS = AttributeKey.valueOf("reelay.request-trailers");
  private static final String HANDLER_NAME = "reelay-request-trailers";

  private RequestTrailers() {}

  /** Installs the capture on a new HTTP/1.x connection (HTTP/2 connections are left alone). */
  static void capture(HttpConnection connection) {
    if (connection instanceof ConnectionBase base && base.channel().pipeline().get("handler") != null
        && base.channel().pipeline().get(HANDLER_NAME) == null) {
      base.channel().pipeline().addBefore("handler", HANDLER_NAME, new Capture());
    }
  }

  /** The named trailer of the request that just ended, or null; reading it clears the connection's copy. */
  public static String take(HttpServerRequest request, String name) {
    if (!(request.connection() instanceof ConnectionBase base)) {
      return null;
    }
    Channel channel = base.channel();
    HttpHeaders trailers = channel.attr(LAST_TRAILERS).getAndSet(null);
    return trailers == null ? null : trailers.get(name);
  }

  private static final class Capture extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof LastHttpContent last && !last.trailingHeaders().isEmpty()) {
        ctx.channel().attr(LAST_TRAILERS).set(last.trailingHeaders().copy());
      }
      ctx.fireChannelRead(msg);
    }
  }
}
