package io.reelay.room;

import io.reelay.node.auth.Principal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The state of a room this node sequences: where its history stands, its moderation state, the per-user
 * rate limits, the nodes with viewers and the messages waiting for the next batch. Used only on the owner's
 * context.
 */
final class OwnedRoom {

  /** A node that has viewers of the room, as of its last report. */
  record Subscriber(long viewers, long seenAtMs) {}

  /** A subscriber not heard of for this long has left (nodes report every second). */
  static final long SUBSCRIBER_LEASE_MS = 3_500;

  final RoomInfo info;
  final ArrayDeque<PendingMessage> pending = new ArrayDeque<>();
  final Map<String, Subscriber> subscribers = new HashMap<>();
  private final RoomSettings settings;
  private final Map<Long, TokenBucket> danmakuBuckets = new HashMap<>();
  private final Map<Long, TokenBucket> likeBuckets = new HashMap<>();
  private final Map<Long, Long> lastDanmakuAtMs = new HashMap<>();
  private final Map<Long, Long> mutedUntilMs = new HashMap<>();
  private String epoch;
  private long nextOffset;
  private long likesTotal;
  private int slowModeSeconds;

  long pendingLikes;
  /** A batch is being written: the next one waits for it, so batches reach the history in order. */
  boolean writing;
  long flushTimer = -1;
  long lastOnline = -1;
  long lastActiveMs;

  OwnedRoom(RoomInfo info, RoomRecord record, RoomSettings settings, long nowMs) {
    this.info = info;
    this.settings = settings;
    this.lastActiveMs = nowMs;
    reload(record);
  }

  /** Takes the stored state over (at load, and after another writer moved the history on). */
  void reload(RoomRecord record) {
    epoch = record.epoch();
    nextOffset = record.lastOffset() + 1;
    likesTotal = record.likes();
    slowModeSeconds = record.slowModeSeconds();
    mutedUntilMs.clear();
    mutedUntilMs.putAll(record.mutedUntil());
  }

  String epoch() {
    return epoch;
  }

  long nextOffset() {
    return nextOffset;
  }

  long lastOffset() {
    return nextOffset - 1;
  }

  long likesTotal() {
    return likesTotal;
  }

  void advance(int messages, long likes) {
    nextOffset += messages;
    likesTotal += likes;
  }

  /** Why {@code user} may not send a danmaku now, if anything stops it; counts it against the rate limit otherwise. */
  Optional<RoomError> admitDanmaku(Principal user, long nowMs, long nowNanos) {
    Long mutedUntil = mutedUntilMs.get(user.userId());
    if (mutedUntil != null && mutedUntil > nowMs) {
      return Optional.of(new RoomError("muted", "you are muted in this room",
          new JsonObject().put("until", mutedUntil)));
    }
    boolean moderator = info.canModerate(user);
    Long last = lastDanmakuAtMs.get(user.userId());
    if (slowModeSeconds > 0 && !moderator && last != null && nowMs - last < slowModeSeconds * 1000L) {
      return Optional.of(RoomError.retryAfter("slow_mode", "slow mode: one message every " + slowModeSeconds + " s",
          slowModeSeconds * 1000L - (nowMs - last)));
    }
    long wait = danmakuBuckets.computeIfAbsent(user.userId(),
        id -> new TokenBucket(settings.danmakuPerSecond(), settings.danmakuBurst(), nowNanos)).take(nowNanos);
    if (wait > 0) {
      return Optional.of(RoomError.retryAfter("rate_limited",
          "at most " + settings.danmakuPerSecond() + " danmaku per second", wait));
    }
    lastDanmakuAtMs.put(user.userId(), nowMs);
    return Optional.empty();
  }

  Optional<RoomError> admitLike(Principal user, long nowNanos) {
    long wait = likeBuckets.computeIfAbsent(user.userId(),
        id -> new TokenBucket(settings.likesPerSecond(), settings.likesPerSecond(), nowNanos)).take(nowNanos);
    return wait > 0
        ? Optional.of(RoomError.retryAfter("rate_limited", "at most " + settings.likesPerSecond() + " likes per second", wait))
        : Optional.empty();
  }

  void mute(long userId, long untilMs) {
    mutedUntilMs.put(userId, untilMs);
  }

  void unmute(long userId) {
    mutedUntilMs.remove(userId);
  }

  void slowMode(int seconds) {
    slowModeSeconds = seconds;
  }

  /** Drops expired subscribers and forgotten rate-limit state; returns the viewers on all nodes. */
  long expire(long nowMs, long nowNanos) {
    subscribers.values().removeIf(s -> nowMs - s.seenAtMs() > SUBSCRIBER_LEASE_MS);
    danmakuBuckets.values().removeIf(b -> b.idle(nowNanos));
    likeBuckets.values().removeIf(b -> b.idle(nowNanos));
    long slowModeMs = slowModeSeconds * 1000L;
    for (Iterator<Long> it = lastDanmakuAtMs.values().iterator(); it.hasNext(); ) {
      if (nowMs - it.next() > Math.max(slowModeMs, 1000)) {
        it.remove();
      }
    }
    mutedUntilMs.values().removeIf(until -> until <= nowMs);
    return subscribers.values().stream().mapToLong(Subscriber::viewers).sum();
  }

  boolean idle(long nowMs, long idleMs) {
    return subscribers.isEmpty() && pending.isEmpty() && pendingLikes == 0 && !writing
        && nowMs - lastActiveMs > idleMs;
  }
}
