package io.reelay.node;

import java.util.Optional;
import java.util.regex.Pattern;

/** Room ids: {@code v-<videoId>} for a video, {@code s-<streamId>} for a live stream, anything else is a free room. */
public final class RoomIds {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final String VIDEO_PREFIX = "v-";
  private static final String STREAM_PREFIX = "s-";

  private RoomIds() {}

  public static boolean valid(String roomId) {
    return roomId != null && VALID.matcher(roomId).matches();
  }

  /** The partition key whose owner sequences the room. */
  public static String key(String roomId) {
    return "room:" + roomId;
  }

  public static String ofVideo(String videoId) {
    return VIDEO_PREFIX + videoId;
  }

  public static String ofStream(String streamId) {
    return STREAM_PREFIX + streamId;
  }

  public static Optional<String> videoId(String roomId) {
    return roomId.startsWith(VIDEO_PREFIX) && roomId.length() > VIDEO_PREFIX.length()
        ? Optional.of(roomId.substring(VIDEO_PREFIX.length())) : Optional.empty();
  }

  public static Optional<String> streamId(String roomId) {
    return roomId.startsWith(STREAM_PREFIX) && roomId.length() > STREAM_PREFIX.length()
        ? Optional.of(roomId.substring(STREAM_PREFIX.length())) : Optional.empty();
  }
}
