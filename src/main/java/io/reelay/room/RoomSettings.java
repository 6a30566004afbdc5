package io.reelay.room;

import io.reelay.node.config.ReelayConfig;
import java.util.Arrays;
import java.util.List;

/**
 * How a node runs rooms; see the room keys in the README's configuration table.
 *
 * @param batchMillis         a room's batching window
 * @param batchMessages       a batch goes out early at this many messages
 * @param historySize         messages kept per room for resume
 * @param danmakuPerSecond    per user and room
 * @param danmakuBurst        per user and room
 * @param likesPerSecond      per user and room
 * @param writeQueueBytes     a connection's write queue before droppable messages are skipped
 * @param slowGraceMillis     how long a connection may stay full before it is closed with 4008
 * @param blockWords          refused in danmaku, lower case
 */
public record RoomSettings(int batchMillis, int batchMessages, int historySize, int danmakuPerSecond,
    int danmakuBurst, int likesPerSecond, int writeQueueBytes, int slowGraceMillis, List<String> blockWords) {

  /** Frames per second a connection may send, sustained, before it is closed with 1008 (far above any rate limit). */
  static final int FRAMES_PER_SECOND = 50;
  static final int FRAMES_BURST = 100;
  /** Largest client frame; larger ones close the connection with 1009. */
  static final int MAX_FRAME_BYTES = 4096;

  public static RoomSettings from(ReelayConfig config) {
    return new RoomSettings(config.roomBatchMillis(), config.roomBatchMessages(), config.roomHistorySize(),
        config.roomDanmakuPerSecond(), config.roomDanmakuBurst(), config.roomLikesPerSecond(),
        (int) Math.min(Integer.MAX_VALUE, Math.max(4096, config.roomWriteQueueBytes())), config.roomSlowGraceMillis(),
        Arrays.stream(config.roomBlockWords().split(","))
            .map(w -> w.trim().toLowerCase(java.util.Locale.ROOT))
            .filter(w -> !w.isEmpty())
            .toList());
  }
}
