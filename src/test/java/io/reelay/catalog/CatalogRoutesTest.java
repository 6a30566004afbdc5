package io.reelay.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.catalog.CatalogFixtures.Staged;
import io.reelay.catalog.CatalogFixtures.User;
import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServices.class)
class CatalogRoutesTest {

  static CatalogFixtures fx;
  static ReelayNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    fx = CatalogFixtures.start();
    node = fx.node;
    http = fx.http;
  }

  @AfterAll
  static void stop() {
    fx.stop();
  }

  private static String path(Video video) {
    return "/api/videos/" + video.id();
  }

  private static String uniqueTag() {
    return TestNodes.uniqueName("t");
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  private static JsonObject list(String query, String token) {
    Http.Response r = http.get("/api/videos?" + query, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void privateVideosAreOnlyForTheirOwnerAndAdmins() {
    User owner = fx.newUser();
    User other = fx.newUser();
    String admin = http.adminToken();
    Video shown = fx.video(owner, "shown", Visibility.PUBLIC);
    Video linked = fx.video(owner, "linked", Visibility.UNLISTED);
    Video hidden = fx.video(owner, "hidden", Visibility.PRIVATE);

    Http.Response anonymous = http.get(path(shown));
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(anonymous.json()).isEqualTo(shown.toJson());
    assertThat(http.get(path(linked)).status()).isEqualTo(200);
    assertThat(http.get(path(linked), other.token()).status()).isEqualTo(200);

    Http.Response notForOthers = http.get(path(hidden), other.token());
    Http.Response missing = http.get("/api/videos/AAAAAAAAAAAAAAAA", other.token());
    assertThat(notForOthers.status()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(notForOthers.json().getString("error")).isEqualTo(missing.json().getString("error"));
    assertThat(http.get(path(hidden)).status()).isEqualTo(404);
    assertThat(http.get(path(hidden), owner.token()).status()).isEqualTo(200);
    assertThat(http.get(path(hidden), admin).status()).isEqualTo(200);

    assertThat(http.get("/api/videos/bad.id").status()).isEqualTo(404);
    assertThat(http.get("/api/videos/" + "A".repeat(65)).status()).isEqualTo(404);
    Http.Response badToken = http.get(path(shown), "not-a-jwt");
    assertThat(badToken.status()).isEqualTo(401);
    assertThat(badToken.json().getString("error")).isEqualTo("unauthorized");
  }

  @Test
  void listingsShowPublicReadyVideosNewestFirstInStablePages() {
    User owner = fx.newUser();
    String tag = uniqueTag();
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      listed.add(fx.readyVideo(owner, "clip " + i, Visibility.PUBLIC, tag).id());
    }
    fx.readyVideo(owner, "private clip", Visibility.PRIVATE, tag);
    fx.readyVideo(owner, "unlisted clip", Visibility.UNLISTED, tag);
    fx.video(owner, "still uploading", Visibility.PUBLIC, tag);

    JsonObject all = list("tag=" + tag, null);
    assertThat(all.getLong("total")).isEqualTo(5);
    assertThat(all.getInteger("page")).isEqualTo(1);
    assertThat(all.getInteger("size")).isEqualTo(20);
    assertThat(ids(all)).containsExactlyInAnyOrderElementsOf(listed);
    List<JsonObject> items = all.getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    assertThat(items).isSortedAccordingTo(Comparator
        .comparing((JsonObject v) -> java.time.Instant.parse(v.getString("createdAt"))).reversed()
        .thenComparing((JsonObject v) -> v.getString("id"), Comparator.reverseOrder()));

    List<String> paged = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      JsonObject p = list("tag=" + tag + "&size=2&page=" + page, null);
      assertThat(p.getLong("total")).isEqualTo(5);
      paged.addAll(ids(p));
    }
    assertThat(paged).isEqualTo(ids(all));
    assertThat(ids(list("tag=" + tag + "&size=2&page=4", null))).isEmpty();
    assertThat(ids(list("tag=" + tag.toUpperCase(), null))).isEqualTo(ids(all));
  }

  @Test
  void filtersCombineAndOwnersSeeAllTheirVideos() {
    User owner = fx.newUser();
    User other = fx.newUser();
    String tag = uniqueTag();
    String word = "w" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    Video matching = fx.readyVideo(owner, "Sunset " + word, Visibility.PUBLIC, tag);
    Video otherTitle = fx.readyVideo(owner, "Sunrise", Visibility.PUBLIC, tag);
    Video othersVideo = fx.readyVideo(other, "Dusk " + word, Visibility.PUBLIC, tag);
    Video uploading = fx.video(owner, "Draft " + word, Visibility.PRIVATE, tag);

    assertThat(ids(list("tag=" + tag + "&q=" + word, null))).containsExactlyInAnyOrder(matching.id(), othersVideo.id());
    assertThat(ids(list("q=" + word + "&owner=" + owner.username(), null))).containsExactly(matching.id());
    assertThat(ids(list("owner=" + other.username(), null))).containsExactly(othersVideo.id());
    assertThat(ids(list("owner=" + owner.username(), null))).containsExactly(otherTitle.id(), matching.id());
    assertThat(ids(list("owner=" + owner.username(), other.token()))).containsExactly(otherTitle.id(), matching.id());

    JsonObject mine = list("owner=" + owner.username(), owner.token());
    assertThat(ids(mine)).containsExactly(uploading.id(), otherTitle.id(), matching.id());
    assertThat(mine.getLong("total")).isEqualTo(3);
    assertThat(ids(list("owner=" + owner.username(), http.adminToken()))).hasSize(3);
    assertThat(ids(list("owner=" + owner.username() + "&q=" + word, owner.token())))
        .containsExactly(uploading.id(), matching.id());
    // Without owner=, even the owner gets the public listing.
    assertThat(ids(list("tag=" + tag, owner.token()))).doesNotContain(uploading.id());

    String description = "Quiet " + word + "x";
    fx.catalog.update(otherTitle.id(), new VideoPatch(null, description, null, null)).await();
    assertThat(ids(list("q=" + URLEncoder.encode(description, StandardCharsets.UTF_8), null)))
        .containsExactly(otherTitle.id());
  }

  @Test
  void badPagingIs400() {
    for (String query : List.of("page=0", "page=-1", "page=x", "size=0", "size=101", "size=1.5",
        "page=99999999999", "q=" + "q".repeat(201))) {
      assertBadRequest(http.get("/api/videos?" + query), query.substring(0, query.indexOf('=')));
    }
    assertThat(list("size=100&page=1000", null).getJsonArray("items")).isEmpty();
  }

  @Test
  void ownersAndAdminsEditOthersAreRefused() {
    User owner = fx.newUser();
    User other = fx.newUser();
    Video video = fx.video(owner, "before", Visibility.PUBLIC);

    Http.Response edited = fx.patch(path(video), new JsonObject().put("title", " after ")
        .put("tags", new JsonArray().add("News").add("news")).put("visibility", "unlisted"), owner.token());
    assertThat(edited.status()).as(edited.body()).isEqualTo(200);
    assertThat(edited.json().getString("title")).isEqualTo("after");
    assertThat(edited.json().getJsonArray("tags")).isEqualTo(new JsonArray().add("news"));
    assertThat(edited.json().getString("visibility")).isEqualTo("unlisted");
    assertThat(edited.json().getString("description")).isEmpty();

    Http.Response byOther = fx.patch(path(video), new JsonObject().put("title", "mine now"), other.token());
    assertThat(byOther.status()).isEqualTo(403);
    assertThat(byOther.json().getString("error")).isEqualTo("forbidden");
    Http.Response byAdmin = fx.patch(path(video), new JsonObject().put("description", "moderated"), http.adminToken());
    assertThat(byAdmin.status()).isEqualTo(200);
    assertThat(byAdmin.json().getString("title")).isEqualTo("after");
    assertThat(byAdmin.json().getString("description")).isEqualTo("moderated");
    assertThat(fx.patch(path(video), new JsonObject().put("title", "x"), null).status()).isEqualTo(401);

    assertBadRequest(fx.patch(path(video), new JsonObject().put("title", "  "), owner.token()), "title");
    assertBadRequest(fx.patch(path(video), new JsonObject().put("status", "ready"), owner.token()), "status");
    assertBadRequest(fx.patch(path(video), new JsonObject().put("visibility", "secret"), owner.token()), "visibility");
    assertBadRequest(http.send(http.request(path(video), owner.token())
        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{nope"))), "JSON");

    assertThat(fx.patch("/api/videos/AAAAAAAAAAAAAAAA", new JsonObject().put("title", "x"), owner.token()).status())
        .isEqualTo(404);
    Video hidden = fx.video(owner, "hidden", Visibility.PRIVATE);
    assertThat(fx.patch(path(hidden), new JsonObject().put("title", "x"), other.token()).status()).isEqualTo(404);
  }

  @Test
  void deletingKeepsSharedMediaUntilItsLastVideoGoes() throws Exception {
    User owner = fx.newUser();
    User other = fx.newUser();
    Video first = fx.video(owner, "copy one", Visibility.PUBLIC);
    Video second = fx.video(owner, "copy two", Visibility.PRIVATE);
    byte[] bytes = CatalogFixtures.randomBytes(128);
    Staged one = fx.staged(bytes);
    Staged two = fx.staged(bytes);
    fx.attach(first, one);
    fx.attach(second, two);
    List<java.nio.file.Path> dirs = fx.mediaDirs(one.hash());
    assertThat(dirs).hasSize(1);
    String uploadId = TestNodes.uniqueName("up");
    node.storage().pg().preparedQuery("INSERT INTO uploads (id, owner_id, video_id, concat, state, expires_at) "
        + "VALUES ($1, $2, $3, 'none', 'active', now() + interval '1 hour')")
        .execute(Tuple.of(uploadId, owner.id(), first.id())).await();

    LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    MessageConsumer<JsonObject> consumer = node.vertx().eventBus().consumer(CatalogEvents.VIDEO_DELETED,
        m -> events.add(m.body()));
    consumer.completion().await();
    try {
      assertThat(fx.delete(path(first), other.token()).status()).isEqualTo(403);
      assertThat(fx.delete(path(first), null).status()).isEqualTo(401);
      assertThat(fx.delete(path(second), other.token()).status()).isEqualTo(404); // private

      assertThat(fx.delete(path(first), owner.token()).status()).isEqualTo(204);
      assertThat(http.get(path(first)).status()).isEqualTo(404);
      assertThat(dirs.get(0)).isDirectory();
      assertThat(fx.mediaRows(one.hash())).isEqualTo(1);
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo(new JsonObject()
          .put("videoId", first.id()).put("contentHash", one.hash()).put("mediaRemoved", false));
      assertThat(node.storage().pg().preparedQuery("SELECT state, video_id FROM uploads WHERE id = $1")
          .execute(Tuple.of(uploadId)).await().iterator().next().toJson())
          .isEqualTo(new JsonObject().put("state", "terminated").putNull("video_id"));

      assertThat(fx.delete(path(second), http.adminToken()).status()).isEqualTo(204);
      assertThat(dirs.get(0)).doesNotExist();
      assertThat(fx.mediaRows(one.hash())).isZero();
      assertThat(events.poll(5, TimeUnit.SECONDS).getBoolean("mediaRemoved")).isTrue();
      assertThat(fx.delete(path(second), owner.token()).status()).isEqualTo(404);
    } finally {
      consumer.unregister().await();
    }
  }

  @Test
  void lookupsAreCachedAndEditsInvalidateTheCache() {
    User owner = fx.newUser();
    Video video = fx.video(owner, "cached", Visibility.PUBLIC);
    double hits = cacheCount("hit");
    double misses = cacheCount("miss");

    assertThat(http.get(path(video)).json().getString("title")).isEqualTo("cached");
    assertThat(cacheCount("miss")).isEqualTo(misses + 1);
    assertThat(http.get(path(video)).json().getString("title")).isEqualTo("cached");
    assertThat(cacheCount("hit")).isEqualTo(hits + 1);

    // PATCH itself reads the video (a hit); the GET after it must miss and see the new title.
    assertThat(fx.patch(path(video), new JsonObject().put("title", "renamed"), owner.token()).status()).isEqualTo(200);
    assertThat(http.get(path(video)).json().getString("title")).isEqualTo("renamed");
    assertThat(cacheCount("hit")).isEqualTo(hits + 2);
    assertThat(cacheCount("miss")).isEqualTo(misses + 2);
  }

  /** A JSON 400 whose message names the field. */
  private static void assertBadRequest(Http.Response r, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().getString("error")).isEqualTo("bad_request");
    assertThat(r.json().getString("message")).contains(field);
  }

  private static double cacheCount(String result) {
    Matcher m = Pattern.compile("(?m)^reelay_video_cache_total\\{result=\"" + result + "\",?} (\\S+)$")
        .matcher(http.get("/metrics").body());
    assertThat(m.find()).as("reelay_video_cache_total{result=\"%s\"} in /metrics", result).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
