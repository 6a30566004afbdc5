package io.reelay.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's HTTP server, as {@link HttpVerticle} sets it up: files go to the socket as a Netty {@link FileRegion}
 * (the kernel's sendfile), while JSON is still gzipped and WebSockets still upgrade. What reaches the socket is
 * recorded by a handler at the head of each connection's pipeline.
 */
class ZeroCopyFilesTest {

  @TempDir
  static Path dir;
  static Vertx vertx;
  static int port;
  static byte[] segment;
  static final Queue<Class<?>> written = new ConcurrentLinkedQueue<>();
  static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    segment = new byte[3 * 1024 * 1024];
    ThreadLocalRandom.current().nextBytes(segment);
    Path file = Files.write(dir.resolve("seg_00001.m4s"), segment);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    vertx = Vertx.vertx();
    HttpRoutes routes = router -> {
      router.route().handler(ctx -> {
        record(ctx.request().connection());
        ctx.next();
      });
      router.get("/seg").handler(ctx -> ctx.response().putHeader("Content-Type", "video/mp4")
          .sendFile(file.toString()));
      router.get("/json").handler(ctx -> ctx.json(new JsonObject().put("items", List.of("a".repeat(2000)))));
      router.route("/ws").handler(ctx -> ctx.request().toWebSocket()
          .onSuccess(ws -> ws.textMessageHandler(ws::writeTextMessage)));
    };
    vertx.deployVerticle(new HttpVerticle(new HttpSettings("127.0.0.1", port, 1 << 20, 1), List.of(routes)))
        .await(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  /** Records the type of every message that reaches the socket, once per connection. */
  private static void record(io.vertx.core.http.HttpConnection connection) {
    ChannelPipeline pipeline = ((ConnectionBase) connection).channel().pipeline();
    if (pipeline.get("test-recorder") == null) {
      pipeline.addFirst("test-recorder", new ChannelOutboundHandlerAdapter() {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
          written.add(msg.getClass());
          ctx.write(msg, promise);
        }
      });
    }
  }

  @Test
  void segmentsGoToTheSocketAsAFileRegionEvenWhenGzipIsAccepted() throws Exception {
    written.clear();
    HttpResponse<byte[]> r = get("/seg", "gzip, deflate");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(segment.length));
    assertThat(r.body()).isEqualTo(segment);
    assertThat(written).as("zero-copy: the file itself was handed to the socket")
        .anyMatch(FileRegion.class::isAssignableFrom);
  }

  /** One keep-alive connection: the compressor pairs each response with its own request's Accept-Encoding. */
  @Test
  void jsonIsStillGzippedOnTheSameConnectionAsFiles() throws Exception {
    assertThat(get("/json", "gzip").headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(get("/seg", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(get("/json", null).headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(get("/json", "gzip").headers().firstValue("Content-Encoding")).hasValue("gzip");
  }

  @Test
  void webSocketsStillUpgrade() throws Exception {
    WebSocket ws = vertx.createWebSocketClient().connect(port, "127.0.0.1", "/ws").await(10, TimeUnit.SECONDS);
    io.vertx.core.Promise<String> echo = io.vertx.core.Promise.promise();
    ws.textMessageHandler(echo::tryComplete);
    ws.writeTextMessage("hello".repeat(100));
    assertThat(echo.future().await(10, TimeUnit.SECONDS)).isEqualTo("hello".repeat(100));
    ws.close();
  }

  private static HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (acceptEncoding != null) {
      b.header("Accept-Encoding", acceptEncoding);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
