import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiConsumer;

/** The recommendation benches' behaviour events, as reelay.events holds them, and the viewers' tastes. */
public final class WatchEvents {

  public static final int TAGS = 20;

  private WatchEvents() {}

  /** One event of the event contract (docs/recommendations.md) with a fresh id; seconds: a heartbeat's. */
  public static String json(String type, String subject, String video, double seconds) {
    JsonObject e = new JsonObject().put("eventId", UUID.randomUUID().toString()).put("type", type)
        .put("subject", subject).put("videoId", video).put("serverTime", System.currentTimeMillis())
        .put("source", "client");
    if (type.equals("heartbeat")) {
      e.put("watchedSeconds", seconds).put("position", seconds);
    }
    return e.encode();
  }

  /**
   * Viewers d:u0… watch {@code watches} videos each, round after round (play, heartbeat of 60-560 s, complete):
   * each event to {@code send} (subject, JSON); returns how many.
   */
  public static int watches(Random rnd, int users, int watches, List<String> videos, BiConsumer<String, String> send) {
    int events = 0;
    for (int w = 0; w < watches; w++) {
      for (int u = 0; u < users; u++) {
        String subject = "d:u" + u;
        String video = pick(rnd, u, videos);
        send.accept(subject, json("play", subject, video, 0));
        send.accept(subject, json("heartbeat", subject, video, 60 + rnd.nextInt(500)));
        send.accept(subject, json("complete", subject, video, 0));
        events += 3;
      }
    }
    return events;
  }

  /** A video for viewer {@code user}: 80% one of its two tags (video i has tag i % TAGS), else any. */
  public static String pick(Random rnd, int user, List<String> videos) {
    if (rnd.nextDouble() < 0.8) {
      int tag = (user + (rnd.nextDouble() < 0.7 ? 0 : 7)) % TAGS;
      return videos.get(tag + TAGS * rnd.nextInt(videos.size() / TAGS));
    }
    return videos.get(rnd.nextInt(videos.size()));
  }
}
