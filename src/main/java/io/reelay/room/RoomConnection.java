package io.reelay.room;

import io.reelay.node.RoomIds;
import io.reelay.node.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One viewer's WebSocket in a room, on its hub's event loop: forwards what the client sends to the room's
 * owner and writes the room's frames. Keeps the client's position in the room ({@code cursor}, the last
 * offset written) so that it never gets a message twice and, when a batch is missing (a change of owner),
 * fills the gap from the history before going on. While its write queue is full it gets only the
 * messages that may not be dropped; full for longer than the grace period, it is closed with 4008.
 */
final class RoomConnection {

  static final short CLOSE_SLOW = 4008;
  static final short CLOSE_BAD_TOKEN = 4401;
  static final short CLOSE_NOT_FOUND = 4404;
  static final short CLOSE_GOING_AWAY = 1001;
  static final short CLOSE_UNSUPPORTED = 1003;
  static final short CLOSE_POLICY = 1008;
  static final short CLOSE_TOO_BIG = 1009;
  static final short CLOSE_TRY_LATER = 1013;
  private static final long REQUEST_TIMEOUT_MS = 5_000;
  /** Live batches held back while a gap is filled from the history; more means the client cannot keep up. */
  private static final int MAX_HELD_BACK = 1000;
  private static final int REPLAY_FRAME_MESSAGES = 100;

  private final ServerWebSocket ws;
  private final String roomId;
  private final boolean vodRoom;
  private final RoomServices services;
  private final LocalRoomHub hub;
  private final TokenBucket frames;
  private Principal user;
  private RoomView view;
  private String epoch;
  private long cursor;
  private List<FanoutBatch> heldBack;
  private long slowSinceMs;
  /** Counted among the room's viewers on this node; in the hub's list. */
  private boolean joined;
  private boolean inHub;
  private boolean closed;
  private boolean released;

  RoomConnection(ServerWebSocket ws, String roomId, RoomServices services, LocalRoomHub hub) {
    this.ws = ws;
    this.roomId = roomId;
    this.vodRoom = RoomIds.videoId(roomId).isPresent();
    this.services = services;
    this.hub = hub;
    this.frames = new TokenBucket(RoomSettings.FRAMES_PER_SECOND, RoomSettings.FRAMES_BURST, System.nanoTime());
  }

  String roomId() {
    return roomId;
  }

  /** Authenticates the query token (if any), joins the room and greets the client. */
  void start(String token) {
    ws.setWriteQueueMaxSize(services.settings().writeQueueBytes());
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> close(CLOSE_UNSUPPORTED, "binary frames are not supported"));
    ws.exceptionHandler(this::onError);
    ws.drainHandler(v -> slowSinceMs = 0);
    ws.closeHandler(v -> onClosed());
    // The node is stopping: tell the client at once (it reconnects elsewhere and resumes) instead of idling out the drain.
    ws.shutdownHandler(v -> close(CLOSE_GOING_AWAY, "server shutting down"));
    services.metrics().connected();
    Future<Principal> who = token == null ? Future.succeededFuture() : services.auth().authenticate(token);
    who.onFailure(e -> close(CLOSE_BAD_TOKEN, "invalid or expired token"))
        .compose(principal -> {
          if (closed) {
            return Future.failedFuture("closed while joining");
          }
          user = principal;
          joined = true;
          return services.fanout().join(roomId);
        })
        .onSuccess(this::welcome)
        .onFailure(e -> {
          if (e instanceof RoomError refused) {
            close(refused.code().equals("not_found") ? CLOSE_NOT_FOUND : CLOSE_TRY_LATER, refused.getMessage());
          }
        });
  }

  private void welcome(RoomView room) {
    if (closed) {
      return;
    }
    view = room;
    if (room.restricted() && !RoomInfo.moderates(room.creatorId(), user)) {
      close(CLOSE_NOT_FOUND, "no such room");
      return;
    }
    epoch = room.epoch();
    cursor = room.offset();
    hub.add(this);
    inHub = true;
    send(new JsonObject().put("type", "welcome").put("room", roomId).put("epoch", epoch).put("offset", cursor)
        .put("online", room.online()).put("user", user == null ? null : RoomUsers.shown(user)));
  }

  void ping() {
    if (!closed && !ws.writeQueueFull()) {
      ws.writePing(Buffer.buffer());
    }
  }

  /** A frame from the room's owner, on this connection's event loop. */
  void deliver(FanoutBatch batch) {
    if (closed) {
      return;
    }
    if (batch.presence()) {
      writeDroppable(batch.whole(), 0);
      return;
    }
    if (!batch.epoch().equals(epoch)) {
      // The room's history started over: follow the new one from this batch on.
      epoch = batch.epoch();
      cursor = batch.first() - 1;
    }
    if (heldBack != null) {
      if (heldBack.size() >= MAX_HELD_BACK) {
        closeSlow();
      } else {
        heldBack.add(batch);
      }
      return;
    }
    if (batch.last() <= cursor) {
      return;
    }
    if (batch.first() > cursor + 1) {
      heldBack = new ArrayList<>(List.of(batch));
      replayAfter(cursor, recovered -> { });
      return;
    }
    write(batch);
  }

  private void write(FanoutBatch batch) {
    cursor = batch.last();
    if (!ws.writeQueueFull()) {
      slowSinceMs = 0;
      FanoutBatch.writeText(ws, batch.whole());
      services.metrics().delivered(batch.messages());
      return;
    }
    if (batch.essential() != null) {
      FanoutBatch.writeText(ws, batch.essential());
    }
    services.metrics().dropped(batch.messages());
    behind();
  }

  private void writeDroppable(byte[] frame, int messages) {
    if (ws.writeQueueFull()) {
      services.metrics().dropped(messages);
      behind();
    } else {
      FanoutBatch.writeText(ws, frame);
    }
  }

  /** The write queue is full: fine for a moment, but not past the grace period. */
  private void behind() {
    long now = System.currentTimeMillis();
    if (slowSinceMs == 0) {
      slowSinceMs = now;
    } else if (now - slowSinceMs > services.settings().slowGraceMillis()) {
      closeSlow();
    }
  }

  private void closeSlow() {
    services.metrics().slowClosed();
    close(CLOSE_SLOW, "slow");
  }

  /**
   * Writes the messages after {@code after} from the history, then the live batches held back meanwhile.
   * Tells {@code done} whether the history still held all of them.
   */
  private void replayAfter(long after, Consumer<Boolean> done) {
    if (heldBack == null) {
      heldBack = new ArrayList<>();
    }
    services.history().rangeAfter(roomId, after, services.settings().historySize()).onComplete(read -> {
      if (closed) {
        return;
      }
      boolean recovered = read.succeeded() && read.result() != null;
      if (recovered && !read.result().isEmpty()) {
        List<String> messages = read.result();
        for (int i = 0; i < messages.size(); i += REPLAY_FRAME_MESSAGES) {
          List<String> part = messages.subList(i, Math.min(messages.size(), i + REPLAY_FRAME_MESSAGES));
          FanoutBatch.writeText(ws, Frames.messages(roomId, epoch, part).getBytes());
        }
        services.metrics().delivered(messages.size());
        cursor = Math.max(cursor, after + messages.size());
      }
      List<FanoutBatch> held = heldBack;
      heldBack = null;
      for (FanoutBatch batch : held) {
        if (batch.last() > cursor) {
          write(batch); // a gap the history could not fill is skipped, not retried forever
        }
      }
      done.accept(recovered);
    });
  }

  /** Frames over the server's hard cap arrive as exceptions; anything else is a connection gone bad. */
  private void onError(Throwable e) {
    if (e instanceof CorruptedWebSocketFrameException corrupt) {
      close((short) corrupt.closeStatus().code(), corrupt.closeStatus().reasonText());
    } else if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
      close(CLOSE_TOO_BIG, "frame too large");
    }
  }

  private void onText(String text) {
    if (closed) {
      return;
    }
    // UTF-8 is at most 3 bytes per UTF-16 unit: only long texts need counting.
    if (text.length() > RoomSettings.MAX_FRAME_BYTES / 3
        && text.getBytes(StandardCharsets.UTF_8).length > RoomSettings.MAX_FRAME_BYTES) {
      close(CLOSE_TOO_BIG, "frame too large");
      return;
    }
    if (frames.take(System.nanoTime()) > 0) {
      services.metrics().floodClosed();
      close(CLOSE_POLICY, "too many messages");
      return;
    }
    ClientMessage message;
    try {
      message = ClientMessage.parse(text, vodRoom);
    } catch (RoomError refused) {
      send(refused.toFrame(null));
      return;
    }
    if (view == null) {
      send(new RoomError("unavailable", "still joining the room; retry").toFrame(message.id()));
      return;
    }
    switch (message.type()) {
      case "ping" -> send(new JsonObject().put("type", "pong"));
      case "auth" -> authenticate(message);
      case "resume" -> resume(message);
      default -> forward(message);
    }
  }

  private void authenticate(ClientMessage message) {
    if (user != null) {
      send(new RoomError("bad_request", "already signed in").toFrame(message.id()));
      return;
    }
    services.auth().authenticate(message.fields().getString("token"))
        .onFailure(e -> close(CLOSE_BAD_TOKEN, "invalid or expired token"))
        .onSuccess(principal -> {
          user = principal;
          send(ack(message.id()).put("user", RoomUsers.shown(principal)));
        });
  }

  private void resume(ClientMessage message) {
    long from = message.fields().getLong("offset");
    String clientEpoch = message.fields().getString("epoch");
    if (heldBack != null) {
      send(new RoomError("bad_request", "a resume is already under way").toFrame(message.id()));
      return;
    }
    if (!clientEpoch.equals(epoch) || from > cursor) {
      send(resumed(message.id(), false));
      return;
    }
    replayAfter(from, recovered -> send(resumed(message.id(), recovered)));
  }

  private JsonObject resumed(String id, boolean recovered) {
    JsonObject frame = new JsonObject().put("type", "resumed");
    if (id != null) {
      frame.put("id", id);
    }
    return frame.put("recovered", recovered).put("epoch", epoch).put("offset", cursor);
  }

  /** Sending needs a user; the owner answers with the fields of the ack (offset…) or a refusal. */
  private void forward(ClientMessage message) {
    if (user == null) {
      send(new RoomError("unauthorized", "sign in to send to the room").toFrame(message.id()));
      return;
    }
    JsonObject request = new JsonObject().put("room", roomId).put("user", RoomUsers.toJson(user));
    switch (message.type()) {
      case "danmaku" -> request.put("op", RoomBus.OP_PUBLISH).put("message", message.fields());
      case "like" -> request.put("op", RoomBus.OP_LIKE);
      case "gift" -> request.put("op", RoomBus.OP_GIFT).mergeIn(message.fields());
      default -> request.put("op", RoomBus.OP_MODERATE).mergeIn(message.fields());
    }
    OwnerRequests.send(services.router(), roomId, request, REQUEST_TIMEOUT_MS).onComplete(reply -> {
      if (reply.succeeded()) {
        send(ack(message.id()).mergeIn(reply.result()));
      } else if (reply.cause() instanceof RoomError refused) {
        send(refused.toFrame(message.id()));
      }
    });
  }

  private static JsonObject ack(String id) {
    JsonObject frame = new JsonObject().put("type", "ack");
    return id == null ? frame : frame.put("id", id);
  }

  /** Replies and greetings: never dropped (they are few and the client is waiting for them). */
  private void send(JsonObject frame) {
    if (!closed) {
      ws.writeTextMessage(frame.encode());
    }
  }

  private void close(short code, String reason) {
    if (!closed) {
      closed = true;
      ws.close(code, reason);
    }
    release();
  }

  private void onClosed() {
    closed = true;
    release();
  }

  private void release() {
    if (released) {
      return;
    }
    released = true;
    if (inHub) {
      hub.remove(this);
    }
    if (joined) {
      services.fanout().leave(roomId);
    }
    services.metrics().disconnected();
  }
}
