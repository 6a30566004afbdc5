package io.reelay.room.gift;

import io.reelay.node.RoomIds;

/**
 * A sender's request to give {@code count} gifts of one type to the receiver (the room's creator).
 * {@code idempotencyKey} is the client's key: the same sender with the same key is the same gift.
 */
public record GiftOrder(long senderId, long receiverId, String roomId, String giftType, int count,
    String idempotencyKey) {

  public static final int MAX_KEY_LENGTH = 64;

  /** The order's gift type, or a {@link GiftException} saying what is wrong with the order. */
  GiftType validate(GiftCatalog catalog) {
    if (idempotencyKey == null || idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_KEY_LENGTH) {
      throw new GiftException(GiftException.BAD_REQUEST, "key must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
    if (!RoomIds.valid(roomId)) {
      throw new GiftException(GiftException.BAD_REQUEST, "malformed room id");
    }
    if (count < GiftCatalog.MIN_COUNT || count > GiftCatalog.MAX_COUNT) {
      throw new GiftException(GiftException.BAD_REQUEST,
          "count must be " + GiftCatalog.MIN_COUNT + " to " + GiftCatalog.MAX_COUNT);
    }
    if (receiverId == senderId) {
      throw new GiftException(GiftException.NO_RECEIVER, "a gift to oneself is not a gift");
    }
    return catalog.find(giftType)
        .orElseThrow(() -> new GiftException(GiftException.UNKNOWN_GIFT, "no gift type '" + giftType + "'"));
  }
}
