package io.reelay.room;

import io.reelay.node.cluster.PartitionRouter;

/**
 * The room capability's event-bus addresses and message shapes, in one place.
 *
 * <p>Requests to a room's owner go through {@link PartitionRouter#request} with capability {@link #OWNER}
 * and key {@code room:<id>}; bodies are JSON with {@code op} and {@code room}:
 * <ul>
 * <li>{@code publish} {user, message:{kind:"danmaku", text, color, mode, videoTime}} → {offset}</li>
 * <li>{@code like} {user} → {}</li>
 * <li>{@code gift} {user, gift, count, key} → {offset, giftId, value, balance}</li>
 * <li>{@code moderate} {user, action, offset | userId, seconds} → {offset}</li>
 * <li>{@code subscribe} {node} → {epoch, offset, online}: the node has viewers and wants the room's batches</li>
 * </ul>
 * A refused request is answered {@code {error:{code, message, …}}} (a {@link RoomError}).
 * {@code user} is {@code {id, name, role}}.
 *
 * <p>Each node reports its viewer counts to every owner with one message per owner and second:
 * {@code {op:"presence", node, rooms:{roomId: count}}}, sent to the owner's {@link #OWNER} address.
 *
 * <p>Owners send each batch once to every subscribed node's {@link #FANOUT} address: a Buffer holding the
 * whole {@code messages} frame followed by its droppable-free variant, with the headers below.
 */
final class RoomBus {

  static final String OWNER = "room";
  static final String FANOUT = "room-fanout";

  static final String OP_PUBLISH = "publish";
  static final String OP_LIKE = "like";
  static final String OP_GIFT = "gift";
  static final String OP_MODERATE = "moderate";
  static final String OP_SUBSCRIBE = "subscribe";
  static final String OP_PRESENCE = "presence";
  /** A system message from Reelay itself (a live stream started or ended), body {@code event}. */
  static final String OP_ANNOUNCE = "announce";

  /** Fan-out headers. */
  static final String H_ROOM = "room";
  static final String H_EPOCH = "epoch";
  /** First and last offset of a messages batch; absent for presence frames. */
  static final String H_FIRST = "first";
  static final String H_LAST = "last";
  /** A presence frame's viewer count. */
  static final String H_ONLINE = "online";
  /** Bytes of the body that are the whole frame; the rest is the frame for slow connections (maybe empty). */
  static final String H_SPLIT = "split";

  private RoomBus() {}

  static String ownerAddress(String nodeId) {
    return PartitionRouter.address(OWNER, nodeId);
  }

  static String fanoutAddress(String nodeId) {
    return PartitionRouter.address(FANOUT, nodeId);
  }
}
