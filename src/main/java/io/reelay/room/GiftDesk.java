package io.reelay.room;

import io.reelay.node.ServerEvents;
import io.reelay.node.auth.Principal;
import io.reelay.room.gift.GiftException;
import io.reelay.room.gift.GiftLedger;
import io.reelay.room.gift.GiftOrder;
import io.reelay.room.gift.GiftReceipt;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Gifts on the room's owner: the ledger commits (debit and all) first, and only a committed gift is
 * broadcast. A retry with the same key gets the same gift back: from the ledger (which never counts it
 * twice) or, while the first attempt is still in flight here, from that attempt.
 */
final class GiftDesk {

  private final GiftLedger ledger;
  private final BatchWriter writer;
  private final ServerEvents serverEvents;
  private final Map<String, Future<JsonObject>> inFlight = new HashMap<>();

  GiftDesk(GiftLedger ledger, BatchWriter writer, ServerEvents serverEvents) {
    this.ledger = ledger;
    this.writer = writer;
    this.serverEvents = serverEvents;
  }

  Future<JsonObject> send(OwnedRoom room, Principal sender, String gift, int count, String key) {
    Long receiver = room.info.creatorId();
    if (receiver == null) {
      return Future.failedFuture(new RoomError("no_receiver", "this room has no creator to receive gifts"));
    }
    String attempt = sender.userId() + "/" + key;
    Future<JsonObject> running = inFlight.get(attempt);
    if (running != null) {
      return running;
    }
    Future<JsonObject> result = ledger
        .send(new GiftOrder(sender.userId(), receiver, room.info.roomId(), gift, count, key))
        .recover(e -> Future.failedFuture(e instanceof GiftException refused
            ? new RoomError(refused.code(), refused.getMessage())
            : new RoomError("unavailable", "the gift could not be recorded; retry with the same key")))
        .compose(receipt -> {
          if (!receipt.roomId().equals(room.info.roomId())) {
            return Future.failedFuture(new RoomError("bad_request", "this key was used for a gift in another room"));
          }
          if (!receipt.duplicate()) {
            serverEvents.gift(sender.userId(), room.info.roomId(), receipt.giftId(), receiver);
          }
          return receipt.offset() != null
              ? Future.succeededFuture(ack(receipt, receipt.offset()))
              : broadcast(room, sender, receipt);
        });
    inFlight.put(attempt, result);
    result.onComplete(done -> inFlight.remove(attempt));
    return result;
  }

  /** Broadcasts a committed gift that was not yet (a first attempt, or one whose node died before it could). */
  private Future<JsonObject> broadcast(OwnedRoom room, Principal sender, GiftReceipt receipt) {
    JsonObject message = new JsonObject()
        .put("kind", "gift")
        .put("user", RoomUsers.shown(sender))
        .put("gift", receipt.giftType())
        .put("count", receipt.count())
        .put("value", receipt.value())
        .put("giftId", receipt.giftId());
    return writer.enqueue(room, message, false)
        .compose(placed -> ledger.recordBroadcast(receipt.giftId(), placed.epoch(), placed.offset())
            // The gift is committed and broadcast; a lost note only means a retry broadcasts it once more.
            .otherwiseEmpty()
            .map(v -> ack(receipt, placed.offset())));
  }

  private static JsonObject ack(GiftReceipt receipt, long offset) {
    return new JsonObject()
        .put("offset", offset)
        .put("giftId", receipt.giftId())
        .put("value", receipt.value())
        .put("balance", receipt.senderBalance());
  }
}
