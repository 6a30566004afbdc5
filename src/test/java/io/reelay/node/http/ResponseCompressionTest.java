package io.reelay.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compressor on its own, in a Netty channel, as Vert.x writes responses into it. */
class ResponseCompressionTest {

  @TempDir
  Path dir;

  @Test
  void aMediaFileGoesThroughAsTheSameFileRegionUncompressed() throws IOException {
    Path segment = Files.write(dir.resolve("seg.m4s"), new byte[5000]);
    EmbeddedChannel channel = clientAccepting("gzip");
    try (var file = java.nio.channels.FileChannel.open(segment)) {
      FileRegion region = new DefaultFileRegion(file, 0, 5000);
      channel.writeOutbound(head("video/mp4", 5000, false), region, LastHttpContent.EMPTY_LAST_CONTENT);

      HttpResponse response = channel.readOutbound();
      assertThat(response.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isNull();
      assertThat(response.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("5000");
      assertThat((Object) channel.readOutbound()).as("zero-copy: the region itself").isSameAs(region);
      assertThat((Object) channel.readOutbound()).isInstanceOf(LastHttpContent.class);
    }
  }

  @Test
  void identityMeansAsItIsAndNeverReachesTheWire() {
    EmbeddedChannel channel = clientAccepting("gzip");
    channel.writeOutbound(full("application/vnd.apple.mpegurl", "#EXTM3U\n".repeat(50), true));

    HttpResponse response = channel.readOutbound();
    assertThat(response.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isNull();
    assertThat(((HttpContent) response).content().toString(StandardCharsets.UTF_8)).startsWith("#EXTM3U");
  }

  @Test
  void jsonIsGzippedForAClientThatAcceptsIt() throws IOException {
    String json = "{\"items\":[" + "{\"id\":\"abc\"},".repeat(100) + "{}]}";
    EmbeddedChannel channel = clientAccepting("gzip, deflate");
    channel.writeOutbound(full("application/json; charset=utf-8", json, false));

    HttpResponse response = channel.readOutbound();
    assertThat(response.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
    assertThat(gunzip(bodyAfter(channel))).isEqualTo(json);

    EmbeddedChannel plain = clientAccepting(null);
    plain.writeOutbound(full("application/json", json, false));
    assertThat(((HttpResponse) plain.readOutbound()).headers().get(HttpHeaderNames.CONTENT_ENCODING)).isNull();
  }

  /** A playlist sent from its file is read and gzipped: the region cannot go through the compressor as it is. */
  @Test
  void aSmallTextFileIsReadAndGzipped() throws IOException {
    String playlist = "#EXTM3U\n#EXT-X-VERSION:7\n" + "#EXTINF:4.000,\nseg_00001.m4s\n".repeat(40);
    Path file = Files.writeString(dir.resolve("index.m3u8"), playlist);
    EmbeddedChannel channel = clientAccepting("gzip");
    try (var fc = java.nio.channels.FileChannel.open(file)) {
      long size = Files.size(file);
      DefaultFileRegion region = new DefaultFileRegion(fc, 0, size);
      channel.writeOutbound(head("application/vnd.apple.mpegurl", size, false), region,
          LastHttpContent.EMPTY_LAST_CONTENT);

      HttpResponse response = channel.readOutbound();
      assertThat(response.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
      assertThat(gunzip(bodyAfter(channel))).isEqualTo(playlist);
      assertThat(region.refCnt()).as("released, as the transport would").isZero();
    }
  }

  @Test
  void largeOrBinaryBodiesAreNotCompressed() {
    EmbeddedChannel channel = clientAccepting("gzip");
    channel.writeOutbound(head("text/plain", ResponseCompression.MAX_BYTES + 1L, false));
    assertThat(((HttpResponse) channel.readOutbound()).headers().get(HttpHeaderNames.CONTENT_ENCODING)).isNull();

    assertThat(ResponseCompression.isText("image/jpeg")).isFalse();
    assertThat(ResponseCompression.isText("video/mp2t")).isFalse();
    assertThat(ResponseCompression.isText(null)).isFalse();
    assertThat(ResponseCompression.isText("text/vtt; charset=utf-8")).isTrue();
    assertThat(ResponseCompression.isText("application/problem+json")).isTrue();
    assertThat(ResponseCompression.isText("image/svg+xml")).isTrue();
  }

  @Test
  void stepsAsideWhenTheConnectionSwitchesProtocols() {
    EmbeddedChannel channel = clientAccepting("gzip");
    channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS));
    assertThat(channel.pipeline().get(ResponseCompression.class)).isNull();
  }

  /** A channel with the compressor that has read one GET with this Accept-Encoding (null: none). */
  private static EmbeddedChannel clientAccepting(String acceptEncoding) {
    EmbeddedChannel channel = new EmbeddedChannel(new ResponseCompression());
    DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x");
    if (acceptEncoding != null) {
      request.headers().set(HttpHeaderNames.ACCEPT_ENCODING, acceptEncoding);
    }
    channel.writeInbound(request);
    ((DefaultFullHttpRequest) channel.readInbound()).release();
    return channel;
  }

  private static HttpResponse head(String type, long length, boolean asIs) {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.CONTENT_LENGTH, length);
    if (asIs) {
      response.headers().set(HttpHeaderNames.CONTENT_ENCODING, "identity");
    }
    return response;
  }

  private static DefaultFullHttpResponse full(String type, String body, boolean asIs) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    if (asIs) {
      response.headers().set(HttpHeaderNames.CONTENT_ENCODING, "identity");
    }
    return response;
  }

  /** The body chunks written after the response head, up to the last one, joined. */
  private static ByteBuf bodyAfter(EmbeddedChannel channel) {
    List<ByteBuf> parts = new ArrayList<>();
    Object msg;
    while ((msg = channel.readOutbound()) != null) {
      if (msg instanceof HttpContent content) {
        parts.add(content.content());
      }
      if (msg instanceof LastHttpContent) {
        break;
      }
    }
    return Unpooled.wrappedBuffer(parts.toArray(new ByteBuf[0]));
  }

  private static String gunzip(ByteBuf gzipped) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteBufInputStream(gzipped, true))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
