package io.reelay.room;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Sends a room's frames to the nodes with viewers: each batch is encoded once, and sent once per node,
 * whatever the number of viewers there.
 */
final class RoomBroadcaster {

  private final EventBus bus;

  RoomBroadcaster(EventBus bus) {
    this.bus = bus;
  }

  /**
   * @param encoded   the batch's messages, oldest first, offsets {@code first…first+n-1}
   * @param droppable per message: may a slow connection skip it
   */
  void batch(String roomId, String epoch, long first, List<String> encoded, List<Boolean> droppable,
      Collection<String> nodes) {
    if (nodes.isEmpty()) {
      return;
    }
    Buffer whole = Frames.messages(roomId, epoch, encoded);
    List<String> essential = new ArrayList<>();
    for (int i = 0; i < encoded.size(); i++) {
      if (!droppable.get(i)) {
        essential.add(encoded.get(i));
      }
    }
    Buffer body = whole.copy();
    if (essential.size() == encoded.size()) {
      body.appendBuffer(whole);
    } else if (!essential.isEmpty()) {
      body.appendBuffer(Frames.messages(roomId, epoch, essential));
    }
    DeliveryOptions options = new DeliveryOptions()
        .addHeader(RoomBus.H_ROOM, roomId)
        .addHeader(RoomBus.H_EPOCH, epoch)
        .addHeader(RoomBus.H_FIRST, Long.toString(first))
        .addHeader(RoomBus.H_LAST, Long.toString(first + encoded.size() - 1))
        .addHeader(RoomBus.H_SPLIT, Integer.toString(whole.length()));
    for (String node : nodes) {
      bus.send(RoomBus.fanoutAddress(node), body, options);
    }
  }

  /** Presence frames are droppable and carry no offsets. */
  void presence(String roomId, long online, Collection<String> nodes) {
    Buffer frame = Frames.presence(roomId, online);
    DeliveryOptions options = new DeliveryOptions()
        .addHeader(RoomBus.H_ROOM, roomId)
        .addHeader(RoomBus.H_ONLINE, Long.toString(online))
        .addHeader(RoomBus.H_SPLIT, Integer.toString(frame.length()));
    for (String node : nodes) {
      bus.send(RoomBus.fanoutAddress(node), frame, options);
    }
  }
}
