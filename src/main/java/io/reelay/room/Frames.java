package io.reelay.room;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Server frames built once and written as the same bytes to many connections. */
final class Frames {

  private Frames() {}

  /** A {@code messages} frame around already-encoded messages (as stored in the history). */
  static Buffer messages(String roomId, String epoch, List<String> encodedMessages) {
    StringBuilder out = new StringBuilder(64 + encodedMessages.size() * 160);
    out.append("{\"type\":\"messages\",\"room\":").append(Json.encode(roomId))
        .append(",\"epoch\":").append(Json.encode(epoch)).append(",\"messages\":[");
    for (int i = 0; i < encodedMessages.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(encodedMessages.get(i));
    }
    return Buffer.buffer(out.append("]}").toString().getBytes(StandardCharsets.UTF_8));
  }

  static Buffer presence(String roomId, long online) {
    return new JsonObject().put("type", "presence").put("room", roomId).put("online", online).toBuffer();
  }
}
