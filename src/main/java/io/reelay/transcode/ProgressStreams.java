package io.reelay.transcode;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's open Server-Sent-Event streams of transcode progress, by content hash. One event-bus consumer
 * per node feeds all of them (never one per connection). A client whose connection cannot keep up misses
 * progress events (each supersedes the last); the final event always goes out and ends the stream.
 */
final class ProgressStreams {

  /** A response and the event loop it belongs to (writes happen there). */
  private record Stream(HttpServerResponse response, Context context) {}

  private final Map<String, Set<Stream>> byContent = new ConcurrentHashMap<>();

  void add(String contentHash, HttpServerResponse response, Context context) {
    Stream stream = new Stream(response, context);
    byContent.computeIfAbsent(contentHash, h -> ConcurrentHashMap.newKeySet()).add(stream);
    response.closeHandler(v -> remove(contentHash, stream));
  }

  private void remove(String contentHash, Stream stream) {
    byContent.computeIfPresent(contentHash, (h, set) -> {
      set.remove(stream);
      return set.isEmpty() ? null : set;
    });
  }

  /** A progress message from the event bus. */
  void publish(JsonObject event) {
    String hash = event.getString("contentHash");
    Set<Stream> streams = byContent.get(hash);
    if (streams == null) {
      return;
    }
    String state = event.getString("state");
    boolean last = "done".equals(state) || "failed".equals(state);
    for (Stream stream : streams) {
      stream.context().runOnContext(v -> {
        HttpServerResponse response = stream.response();
        if (last) {
          send(response, "end", event);
          response.end();
          remove(hash, stream);
        } else if (!response.writeQueueFull()) {
          send(response, "progress", event);
        }
      });
    }
  }

  static void send(HttpServerResponse response, String eventName, JsonObject data) {
    if (!response.ended() && !response.closed()) {
      response.write("event: " + eventName + "\ndata: " + data.encode() + "\n\n");
    }
  }
}
