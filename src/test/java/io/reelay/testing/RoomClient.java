package io.reelay.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A blocking room client for tests, on a real Vert.x WebSocket client: keeps every frame it receives so a
 * test can wait for one of a kind, or for the room messages (flattened from {@code messages} frames).
 */
public final class RoomClient implements AutoCloseable {

  private static final Vertx VERTX = Vertx.vertx();
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final WebSocketClient client;
  private final WebSocket ws;
  private final List<JsonObject> frames = new ArrayList<>();
  private final List<JsonObject> messages = new ArrayList<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private RoomClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
  }

  public static RoomClient connect(String httpUrl, String roomId, String token) {
    return connect(httpUrl, roomId, token, new WebSocketClientOptions());
  }

  public static RoomClient connect(String httpUrl, String roomId, String token, WebSocketClientOptions options) {
    URI base = URI.create(httpUrl);
    WebSocketClient client = VERTX.createWebSocketClient(options.setMaxFrameSize(1 << 22).setMaxMessageSize(1 << 22));
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
        .setURI("/ws/rooms/" + roomId + (token == null ? "" : "?token=" + token));
    CompletableFuture<RoomClient> opened = new CompletableFuture<>();
    client.connect(connect).onComplete(result -> {
      if (result.failed()) {
        opened.completeExceptionally(result.cause());
        return;
      }
      RoomClient room = new RoomClient(client, result.result());
      room.listen();
      opened.complete(room);
    });
    return opened.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  private void listen() {
    ws.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      synchronized (this) {
        frames.add(frame);
        if ("messages".equals(frame.getString("type"))) {
          frame.getJsonArray("messages").forEach(m -> messages.add((JsonObject) m));
        }
        notifyAll();
      }
    });
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
  }

  public RoomClient send(JsonObject message) {
    ws.writeTextMessage(message.encode());
    return this;
  }

  public RoomClient sendText(String text) {
    ws.writeTextMessage(text);
    return this;
  }

  public RoomClient sendBinary(Buffer data) {
    ws.writeBinaryMessage(data);
    return this;
  }

  /** Waits for the first frame not yet taken that matches, and takes it. */
  public synchronized JsonObject await(Predicate<JsonObject> match) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      for (Iterator<JsonObject> it = frames.iterator(); it.hasNext(); ) {
        JsonObject frame = it.next();
        if (match.test(frame)) {
          it.remove();
          return frame;
        }
      }
      waitUntil(deadline, "a matching frame; got " + frames);
    }
  }

  public JsonObject await(String type) {
    return await(f -> type.equals(f.getString("type")));
  }

  /** The reply (ack or error) to the message with this id. */
  public JsonObject reply(String id) {
    return await(f -> id.equals(f.getString("id")));
  }

  public JsonObject welcome() {
    return await("welcome");
  }

  /** Waits until at least {@code count} room messages arrived; returns all so far. */
  public synchronized List<JsonObject> awaitMessages(int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (messages.size() < count) {
      waitUntil(deadline, count + " messages; got " + messages.size());
    }
    return new ArrayList<>(messages);
  }

  public synchronized List<JsonObject> messages() {
    return new ArrayList<>(messages);
  }

  public synchronized List<JsonObject> frames() {
    return new ArrayList<>(frames);
  }

  /** Stops reading from the socket (the server's writes then back up); {@link #resume} reads again. */
  public void pause() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  /** The close code the server sent, waiting for the close. */
  public Short awaitClose() {
    return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    ws.close().onComplete(v -> client.close());
  }

  private void waitUntil(long deadline, String what) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError("timed out waiting for " + what);
    }
    try {
      TimeUnit.NANOSECONDS.timedWait(this, left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /** Offsets of a list of room messages. */
  public static List<Long> offsets(List<JsonObject> messages) {
    return messages.stream().map(m -> m.getLong("offset")).toList();
  }

}
