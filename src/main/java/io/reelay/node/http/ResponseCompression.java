package io.reelay.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Locale;

/**
 * gzip/deflate for HTTP/1.x responses, in place of Vert.x's own compressor. Vert.x sends files zero-copy (a
 * Netty {@link FileRegion}: the kernel's sendfile, no byte through user space) only on connections with no
 * compressor at all; with its compressor in the pipeline, every file, even a segment marked
 * {@code Content-Encoding: identity}, is read in 8 KiB chunks and copied through the pipeline. So the server runs
 * without Vert.x's compression and every HTTP/1.x connection gets this handler, which
 *
 * <ul>
 *   <li>compresses only text (JSON, JavaScript, CSS, HTML, playlists, VTT...) of at most {@link #MAX_BYTES} when its
 *       length is known, for clients that accept gzip or deflate; media is already compressed and goes as it is;
 *   <li>sends a response marked {@code Content-Encoding: identity} as it is (Vert.x's idiom, used for media and
 *       byte ranges), and drops the marker, which means nothing on the wire;
 *   <li>lets a file of a response it does not compress pass untouched: zero-copy;
 *   <li>reads a file of a response it does compress (a small text file: a playlist, a web app asset) into memory
 *       and compresses it.
 * </ul>
 * HTTP/2 (h2c) is left alone: Vert.x never sends files zero-copy there anyway.
 */
public final class ResponseCompression extends HttpContentCompressor {

  /** Larger bodies go uncompressed: no text response of ours comes near it, and it bounds a file read into memory. */
  static final int MAX_BYTES = 1 << 20;
  private static final String NAME = "reelay-compressor";
  /** Vert.x's default level: most of the gain of 9 at a fraction of the CPU. */
  private static final int LEVEL = 6;

  /** The response being written is compressed (its file, if any, must go through the encoder). */
  private boolean compressing;
  /** The response being written asked to go as it is. */
  private boolean asIs;

  ResponseCompression() {
    super(0, StandardCompressionOptions.gzip(LEVEL, 15, 8), StandardCompressionOptions.deflate(LEVEL, 15, 8));
  }

  /**
   * Installs the handler on a new HTTP/1.x connection, before Vert.x's handler so that it sees every request's
   * {@code Accept-Encoding} and every response. Vert.x calls the connection handler before reading the first
   * request.
   */
  static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channel().pipeline();
      if (pipeline.get("httpEncoder") != null && pipeline.get(NAME) == null) {
        pipeline.addBefore("handler", NAME, new ResponseCompression());
      }
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof HttpResponse response) {
      compressing = false;
      asIs = response.headers().contains(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.IDENTITY, true);
      if (asIs) {
        response.headers().remove(HttpHeaderNames.CONTENT_ENCODING);
      }
      if (response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
        // WebSocket (or h2c): no more HTTP responses on this connection, and frames are not ours to touch.
        ctx.write(msg, promise);
        ctx.pipeline().remove(this);
        return;
      }
    }
    if (msg instanceof FileRegion region && compressing) {
      super.write(ctx, new DefaultHttpContent(read(ctx, region)), promise);
      return;
    }
    super.write(ctx, msg, promise); // a FileRegion of an uncompressed response is no HttpObject: passed as it is
  }

  @Override
  protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
    if (asIs || !worthCompressing(response.headers())) {
      return null;
    }
    Result result = super.beginEncode(response, acceptEncoding);
    compressing = result != null;
    return result;
  }

  /** Text of a known length up to {@link #MAX_BYTES}, or streamed text (Server-Sent Events, chunked JSON). */
  static boolean worthCompressing(HttpHeaders headers) {
    String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_BYTES) {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return isText(headers.get(HttpHeaderNames.CONTENT_TYPE));
  }

  static boolean isText(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.startsWith("text/") || type.endsWith("+json") || type.endsWith("+xml") || switch (type) {
      case "application/json", "application/javascript", "application/xml", "application/vnd.apple.mpegurl",
          "application/x-mpegurl" -> true;
      default -> false;
    };
  }

  /**
   * The bytes of a file region, read on the event loop as Vert.x's own chunked file path does. Only small text
   * files get here: a file goes out with its Content-Length, and {@link #worthCompressing} caps that.
   */
  private static ByteBuf read(ChannelHandlerContext ctx, FileRegion region) throws IOException {
    ByteBuf bytes = ctx.alloc().buffer((int) Math.min(region.count(), MAX_BYTES));
    try {
      WritableByteChannel into = new WritableByteChannel() {
        @Override
        public int write(ByteBuffer src) {
          int n = src.remaining();
          bytes.writeBytes(src);
          return n;
        }

        @Override
        public boolean isOpen() {
          return true;
        }

        @Override
        public void close() {
        }
      };
      while (region.transferred() < region.count()) {
        if (region.transferTo(into, region.transferred()) <= 0) {
          throw new IOException("the file ended before its Content-Length");
        }
      }
      return bytes;
    } catch (IOException | RuntimeException e) {
      bytes.release();
      throw e;
    } finally {
      region.release(); // as the transport would have, once written
    }
  }
}
