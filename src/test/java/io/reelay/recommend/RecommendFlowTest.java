package io.reelay.recommend;

import static io.reelay.recommend.RecommendFixtures.event;
import static io.reelay.recommend.RecommendFixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.catalog.Video;
import io.reelay.catalog.Visibility;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileKeys;
import io.reelay.testing.Http;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End to end through a real Kafka broker and Redis: events produced to {@code reelay.events} change a viewer's
 * feed within a couple of seconds; exclusions, dedup, the related and trending feeds, cold start, errors.
 */
@ExtendWith(SharedServices.class)
class RecommendFlowTest {

  static final long FRESH_MS = 3_000;
  static RecommendFixtures fx;
  static Http http;
  static String anime;
  static String nba;
  static List<Video> animes = new ArrayList<>();
  static List<Video> games = new ArrayList<>();
  static Video hidden;

  /** Six anime and four nba videos of distinct creators, watched by background viewers; a1 → a2 co-watched. */
  @BeforeAll
  static void world() throws Exception {
    fx = RecommendFixtures.start(5);
    http = fx.http;
    anime = TestNodes.uniqueName("anime");
    nba = TestNodes.uniqueName("nba");
    for (int i = 0; i < 6; i++) {
      animes.add(fx.video(fx.creator(), "Anime " + i, Visibility.PUBLIC, anime));
    }
    for (int i = 0; i < 4; i++) {
      games.add(fx.video(fx.creator(), "Game " + i, Visibility.PUBLIC, nba));
    }
    hidden = fx.video(fx.creator(), "Private anime", Visibility.PRIVATE, anime);
    for (int u = 0; u < 3; u++) {
      String bg = "d:" + TestNodes.uniqueName("bg");
      games.forEach(v -> fx.watch(bg, v.id()));
      fx.watch(bg, hidden.id());
    }
    for (int u = 0; u < 2; u++) {
      String fan = "d:" + TestNodes.uniqueName("fan");
      animes.forEach(v -> fx.watch(fan, v.id()));
    }
    String pair = "d:" + TestNodes.uniqueName("pair");
    fx.watch(pair, animes.get(0).id());
    fx.watch(pair, animes.get(1).id());
    fx.watch(pair, animes.get(1).id());
    // The world is in once the last subject's last event is.
    waitFor(() -> completed(pair).contains(animes.get(1).id()), 20_000);
  }

  @AfterAll
  static void stop() {
    fx.stop();
  }

  static List<String> completed(String subject) {
    Response r = fx.node.storage().redisClient().send(Request.cmd(Command.SMEMBERS)
        .arg(ProfileKeys.userCompleted(subject))).await();
    List<String> out = new ArrayList<>();
    r.forEach(m -> out.add(m.toString()));
    return out;
  }

  static void waitFor(java.util.function.BooleanSupplier condition, long ms) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("waited %d ms", ms).isLessThan(deadline);
      Thread.sleep(25);
    }
  }

  static JsonArray feed(String device) {
    Http.Response r = http.get("/api/recommendations?limit=10&deviceId=" + device);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("items");
  }

  static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  static JsonObject card(JsonArray items, String id) {
    return items.stream().map(JsonObject.class::cast).filter(c -> c.getString("id").equals(id)).findFirst()
        .orElse(null);
  }

  /** Polls the feed until it satisfies {@code check}; the feed that did. */
  static JsonArray feedUntil(String device, Predicate<JsonArray> check) throws InterruptedException {
    long deadline = System.currentTimeMillis() + FRESH_MS;
    JsonArray items = feed(device);
    while (!check.test(items)) {
      assertThat(System.currentTimeMillis()).as("feed of %s after %d ms: %s", device, FRESH_MS, items)
          .isLessThan(deadline);
      Thread.sleep(25);
      items = feed(device);
    }
    return items;
  }

  @Test
  void aWatchTurnsTheFeedWithinSeconds() throws InterruptedException {
    String device = TestNodes.uniqueName("dev");
    JsonArray cold = feed(device);
    assertThat(ids(cold)).as("cold start: trending").isNotEmpty().doesNotContain(hidden.id());
    assertThat(cold.getJsonObject(0).getString("reason")).isEqualTo("trending");

    fx.watch("d:" + device, animes.get(0).id());
    JsonArray warm = feedUntil(device, items -> card(items, animes.get(1).id()) != null
        && card(items, animes.get(1).id()).getString("reason").equals("because you watched Anime 0"));
    List<String> ids = ids(warm);
    assertThat(ids).as("completed and recent: not again").doesNotContain(animes.get(0).id());
    assertThat(ids.get(0)).isEqualTo(animes.get(1).id());
    // Tag affinity: the anime videos come before every nba one.
    int lastAnime = 0;
    int firstGame = ids.size();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (animes.stream().anyMatch(v -> v.id().equals(id))) {
        lastAnime = i;
      } else if (games.stream().anyMatch(v -> v.id().equals(id)) && i < firstGame) {
        firstGame = i;
      }
    }
    assertThat(lastAnime).as(ids.toString()).isLessThan(firstGame);
    assertThat(ids).doesNotContain(hidden.id());
    JsonObject c = card(warm, animes.get(1).id());
    assertThat(c.getString("kind")).isEqualTo("video");
    assertThat(c.getString("title")).isEqualTo("Anime 1");
    assertThat(c.getDouble("durationSeconds")).isEqualTo(600.0);
    assertThat(c.getJsonObject("creator").getLong("id")).isEqualTo(animes.get(1).ownerId());
    assertThat(c.getJsonArray("tags")).containsExactly(anime);

    // A dislike takes the item out.
    String disliked = ids.get(1);
    fx.send(event("dislike", "d:" + device, disliked));
    feedUntil(device, items -> !ids(items).contains(disliked));
  }

  @Test
  void aDuplicateEventCountsOnce() throws InterruptedException {
    String subject = "d:" + TestNodes.uniqueName("dup");
    JsonObject once = heartbeat(subject, animes.get(2).id(), 60);
    fx.send(once, once.copy(), event("dislike", subject, games.get(0).id()));
    waitFor(() -> fx.node.storage().redisClient().send(Request.cmd(Command.SISMEMBER)
        .arg(ProfileKeys.userDisliked(subject)).arg(games.get(0).id())).await().toLong() == 1, 5_000);
    double oneMinute = 0.2 * ModelSettings.defaults().profile().scale(once.getLong("serverTime"));
    assertThat(affinity(subject, anime)).isCloseTo(oneMinute, org.assertj.core.data.Percentage.withPercentage(1e-6));
    // Another event id does count.
    JsonObject again = once.copy().put("eventId", TestNodes.uniqueName("e"));
    fx.send(again, event("dislike", subject, games.get(1).id()));
    waitFor(() -> fx.node.storage().redisClient().send(Request.cmd(Command.SISMEMBER)
        .arg(ProfileKeys.userDisliked(subject)).arg(games.get(1).id())).await().toLong() == 1, 5_000);
    assertThat(affinity(subject, anime)).isCloseTo(2 * oneMinute, org.assertj.core.data.Percentage.withPercentage(1e-6));
  }

  static double affinity(String subject, String tag) {
    return Double.parseDouble(fx.node.storage().redisClient().send(Request.cmd(Command.ZSCORE)
        .arg(ProfileKeys.userTags(subject)).arg(tag)).await().toString());
  }

  @Test
  void unusableRecordsAreSkippedWithoutStallingTheSubject() throws InterruptedException {
    String subject = "d:" + TestNodes.uniqueName("bad");
    fx.sendRaw(subject, "not json");
    fx.sendRaw(subject, new JsonObject().put("type", "heartbeat").encode());
    fx.send(event("complete", subject, "no-such-video"), event("search", subject, null).put("query", "x"));
    fx.send(event("complete", subject, animes.get(3).id()));
    waitFor(() -> completed(subject).contains(animes.get(3).id()), 5_000);
    assertThat(completed(subject)).containsExactly(animes.get(3).id());
  }

  @Test
  void aSignedInUsersFeedIsTheirs() throws InterruptedException {
    Http.User user = http.registerUser("viewer");
    fx.watch("u:" + user.id(), animes.get(0).id());
    long deadline = System.currentTimeMillis() + FRESH_MS;
    while (true) {
      Http.Response r = http.get("/api/recommendations?limit=5", user.token());
      assertThat(r.status()).isEqualTo(200);
      JsonArray items = r.json().getJsonArray("items");
      if (!items.isEmpty() && items.getJsonObject(0).getString("id").equals(animes.get(1).id())) {
        break;
      }
      assertThat(System.currentTimeMillis()).as(items.encode()).isLessThan(deadline);
      Thread.sleep(25);
    }
    // The header names a device as well as the parameter does.
    Http.Response byHeader = http.send(http.request("/api/recommendations", null).header("X-Device-Id", "h1").GET());
    assertThat(byHeader.status()).isEqualTo(200);
  }

  @Test
  void relatedIsWhatIsWatchedTogether() {
    Http.Response r = http.get("/api/videos/" + animes.get(0).id() + "/related?limit=5");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonArray items = r.json().getJsonArray("items");
    assertThat(items.getJsonObject(0).getString("id")).isEqualTo(animes.get(1).id());
    assertThat(items.getJsonObject(0).getString("reason")).isEqualTo("watched together with Anime 0");
    assertThat(ids(items)).doesNotContain(animes.get(0).id(), hidden.id()).hasSizeLessThanOrEqualTo(5);
    assertThat(http.get("/api/videos/nope/related").status()).isEqualTo(404);
    assertThat(http.get("/api/videos/" + hidden.id() + "/related").status()).isEqualTo(404);
  }

  @Test
  void trendingOverallAndInATag() {
    Http.Response inTag = http.get("/api/trending?limit=4&tag=" + anime.toUpperCase());
    assertThat(inTag.status()).as(inTag.body()).isEqualTo(200);
    JsonArray items = inTag.json().getJsonArray("items");
    assertThat(items).hasSize(4);
    items.forEach(o -> {
      JsonObject c = (JsonObject) o;
      assertThat(c.getJsonArray("tags")).containsExactly(anime);
      assertThat(c.getString("reason")).isEqualTo("popular in " + anime);
    });
    Http.Response all = http.get("/api/trending");
    assertThat(all.status()).isEqualTo(200);
    assertThat(ids(all.json().getJsonArray("items"))).containsAll(games.stream().map(Video::id).toList())
        .doesNotContain(hidden.id());
  }

  @Test
  void badRequestsAreRefusedInJson() {
    for (String path : List.of("/api/recommendations", "/api/recommendations?deviceId=", "/api/recommendations?deviceId=a%20b",
        "/api/recommendations?deviceId=x&limit=0", "/api/recommendations?deviceId=x&limit=51", "/api/trending?limit=x")) {
      Http.Response r = http.get(path);
      assertThat(r.status()).as(path).isEqualTo(400);
      assertThat(r.json().getString("error")).as(path).isNotBlank();
      assertThat(r.json().getString("message")).as(path).isNotBlank();
    }
  }
}
