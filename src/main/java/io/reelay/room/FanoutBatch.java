package io.reelay.room;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * One frame from a room's owner, as received by a node: a batch of messages (offsets {@code first…last})
 * or a presence update ({@code first} = -1, {@code online} the room's viewers). Its bytes are written as they are to every connection:
 * {@code whole}, or {@code essential} (the batch without droppable messages; null when nothing is left)
 * to connections that are behind.
 */
record FanoutBatch(String roomId, String epoch, long first, long last, long online, byte[] whole, byte[] essential) {

  static FanoutBatch from(Message<Buffer> message) {
    Buffer body = message.body();
    var headers = message.headers();
    int split = Integer.parseInt(headers.get(RoomBus.H_SPLIT));
    String first = headers.get(RoomBus.H_FIRST);
    return new FanoutBatch(headers.get(RoomBus.H_ROOM), headers.get(RoomBus.H_EPOCH),
        first == null ? -1 : Long.parseLong(first),
        first == null ? -1 : Long.parseLong(headers.get(RoomBus.H_LAST)),
        first == null ? Long.parseLong(headers.get(RoomBus.H_ONLINE)) : -1,
        body.getBytes(0, split),
        body.length() > split ? body.getBytes(split, body.length()) : null);
  }

  boolean presence() {
    return first < 0;
  }

  int messages() {
    return presence() ? 0 : (int) (last - first + 1);
  }

  /**
   * Writes bytes as one text frame. Vert.x's own text writes encode a String per connection; wrapping the
   * shared bytes costs nothing per connection but the frame object.
   */
  static void writeText(ServerWebSocket ws, byte[] utf8) {
    ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true));
  }
}
