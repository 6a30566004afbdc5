package io.reelay.room.gift;

/**
 * A committed gift, as the ledger holds it. {@code duplicate} is true when the sender's key had
 * already been used: nothing was debited this time and the fields describe the original gift.
 * {@code senderBalance} is the sender's balance after the gift (for a duplicate: now).
 * {@code epoch} and {@code offset} are null until the room recorded its broadcast; {@code roomId} is the
 * room the gift was sent in (for a duplicate: the original's room, whatever room the retry came from).
 */
public record GiftReceipt(long giftId, boolean duplicate, String roomId, String giftType, int count, long value,
    long senderBalance, String epoch, Long offset) {}
