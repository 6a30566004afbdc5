package io.reelay.node;

/**
 * Behaviour the capabilities observe themselves (a creator's upload, a viewer's danmaku or gift, a broadcast
 * starting or ending), reported for recommendations and analytics: the server-side events of Kafka topic
 * {@code reelay.events}. Offered by the recommend capability to the others. Fire-and-forget: a call never
 * blocks or fails its caller (the capability's own topic and tables remain the record of what happened).
 */
public interface ServerEvents {

  /** Reports nothing: for a node or a test without tracking. */
  ServerEvents NONE = new ServerEvents() {
    @Override public void uploaded(long userId, String videoId) {}
    @Override public void danmaku(long userId, String roomId) {}
    @Override public void gift(long userId, String roomId, long giftId, long creatorId) {}
    @Override public void liveStarted(long userId, String streamId, String sessionId) {}
    @Override public void liveEnded(long userId, String streamId, String sessionId) {}
  };

  /** Every byte of a video's upload is in and stored. */
  void uploaded(long userId, String videoId);

  /** A danmaku was accepted in a room (a video's or a stream's; free rooms have no item and are not reported). */
  void danmaku(long userId, String roomId);

  /** A gift was committed to the ledger (reported once per gift id). */
  void gift(long userId, String roomId, long giftId, long creatorId);

  void liveStarted(long userId, String streamId, String sessionId);

  void liveEnded(long userId, String streamId, String sessionId);
}
