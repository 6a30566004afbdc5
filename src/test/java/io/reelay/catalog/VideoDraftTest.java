package io.reelay.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.node.http.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class VideoDraftTest {

  private static VideoDraft titled(String title) {
    return new VideoDraft(title, null, null, null);
  }

  /** A 400 whose message names the field. */
  private static AbstractThrowableAssert<?, ?> rejects(Runnable action, String field) {
    return assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.error()).isEqualTo("bad_request");
        })
        .hasMessageContaining(field);
  }

  @Test
  void titleIsTrimmedAndMustBeOneTo200Characters() {
    assertThat(titled("  Cats  ").title()).isEqualTo("Cats");
    assertThat(titled("x".repeat(200)).title()).hasSize(200);
    // Characters, not UTF-16 units: 200 emoji are 400 chars in Java and still fit.
    assertThat(titled("😺".repeat(200)).title()).hasSize(400);
    rejects(() -> titled("x".repeat(201)), "title");
    rejects(() -> titled("   "), "title");
    rejects(() -> titled(null), "title");
    rejects(() -> titled("bell\u0007"), "title");
    rejects(() -> titled("two\nlines"), "title");
  }

  @Test
  void descriptionIsUpTo5000CharactersAndMayHaveLineBreaks() {
    assertThat(new VideoDraft("t", null, null, null).description()).isEmpty();
    assertThat(new VideoDraft("t", "a\nb\tc", null, null).description()).isEqualTo("a\nb\tc");
    assertThat(new VideoDraft("t", "d".repeat(5000), null, null).description()).hasSize(5000);
    rejects(() -> new VideoDraft("t", "d".repeat(5001), null, null), "description");
    rejects(() -> new VideoDraft("t", "nul\u0000", null, null), "description");
  }

  @Test
  void tagsAreTrimmedLowerCasedAndDeduplicatedInOrder() {
    VideoDraft draft = new VideoDraft("t", null, List.of(" Cats ", "dogs", "CATS", "Birds"), null);
    assertThat(draft.tags()).containsExactly("cats", "dogs", "birds");
    assertThat(new VideoDraft("t", null, null, null).tags()).isEmpty();
  }

  @Test
  void atMostTwentyTagsOfOneToFortyCharacters() {
    List<String> twenty = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      twenty.add("tag" + i);
    }
    List<String> twentyWithDuplicate = new ArrayList<>(twenty);
    twentyWithDuplicate.add("TAG0");
    assertThat(new VideoDraft("t", null, twentyWithDuplicate, null).tags()).hasSize(20);
    List<String> twentyOne = new ArrayList<>(twenty);
    twentyOne.add("tag20");
    rejects(() -> new VideoDraft("t", null, twentyOne, null), "tags");
    assertThat(new VideoDraft("t", null, List.of("x".repeat(40)), null).tags()).hasSize(1);
    rejects(() -> new VideoDraft("t", null, List.of("x".repeat(41)), null), "tag");
    rejects(() -> new VideoDraft("t", null, List.of("  "), null), "tag");
  }

  @Test
  void visibilityIsOneOfThreeAndDefaultsToPublic() {
    assertThat(titled("t").visibility()).isEqualTo(Visibility.PUBLIC);
    assertThat(Visibility.fromId("unlisted")).isEqualTo(Visibility.UNLISTED);
    rejects(() -> Visibility.fromId("secret"), "visibility");
    rejects(() -> Visibility.fromId("PRIVATE"), "visibility");
  }

  @Test
  void uploadMetadataGivesDraftsWithDefaults() {
    VideoDraft fromFile = VideoDraft.fromUploadMetadata(Map.of("filename", "My Holiday.2024.mp4", "filetype", "video/mp4"));
    assertThat(fromFile).isEqualTo(new VideoDraft("My Holiday.2024", "", List.of(), Visibility.PUBLIC));
    assertThat(VideoDraft.fromUploadMetadata(Map.of("filename", "C:\\videos\\clip.mov")).title()).isEqualTo("clip");
    assertThat(VideoDraft.fromUploadMetadata(Map.of("filename", "noext")).title()).isEqualTo("noext");
    assertThat(VideoDraft.fromUploadMetadata(Map.of()).title()).isEqualTo("Untitled");
    assertThat(VideoDraft.fromUploadMetadata(Map.of("filename", "x".repeat(300) + ".mp4")).title()).hasSize(200);

    VideoDraft full = VideoDraft.fromUploadMetadata(Map.of("filename", "a.mp4", "title", " Trip ",
        "description", "Day one", "tags", "Travel, beach,,travel", "visibility", "unlisted", "color", "red"));
    assertThat(full).isEqualTo(new VideoDraft("Trip", "Day one", List.of("travel", "beach"), Visibility.UNLISTED));

    rejects(() -> VideoDraft.fromUploadMetadata(Map.of("visibility", "hidden")), "visibility");
    rejects(() -> VideoDraft.fromUploadMetadata(Map.of("title", "x".repeat(201))), "title");
  }

  @Test
  void patchesTakeOnlyEditableFieldsUnderTheSameRules() {
    VideoPatch patch = VideoPatch.fromJson(new JsonObject().put("title", " New ").put("tags", new JsonArray().add("A")));
    assertThat(patch).isEqualTo(new VideoPatch("New", null, List.of("a"), null));
    assertThat(VideoPatch.fromJson(new JsonObject().put("visibility", "private")).visibility())
        .isEqualTo(Visibility.PRIVATE);
    rejects(() -> VideoPatch.fromJson(new JsonObject()), "title");
    rejects(() -> VideoPatch.fromJson(new JsonObject().put("status", "ready")), "status");
    rejects(() -> VideoPatch.fromJson(new JsonObject().put("title", "")), "title");
    rejects(() -> VideoPatch.fromJson(new JsonObject().put("title", 5)), "title");
    rejects(() -> VideoPatch.fromJson(new JsonObject().putNull("description")), "description");
    rejects(() -> VideoPatch.fromJson(new JsonObject().put("tags", "a,b")), "tags");
    rejects(() -> VideoPatch.fromJson(new JsonObject().put("tags", new JsonArray().add(1))), "tags");
  }

  @Test
  void videoJsonLeavesOutNullsAndRoundTrips() {
    Instant created = Instant.parse("2024-05-01T10:15:30.123456Z");
    Video uploading = new Video("abc", 7, "ann", "T", "", List.of("x"), Visibility.PUBLIC, VideoStatus.UPLOADING,
        null, null, null, null, null, null, created, created, null, null);
    JsonObject json = uploading.toJson();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("id", "owner", "title", "description", "tags",
        "visibility", "status", "roomId", "createdAt", "updatedAt");
    assertThat(json.getJsonObject("owner")).isEqualTo(new JsonObject().put("id", 7).put("username", "ann"));
    assertThat(json.getString("roomId")).isEqualTo("v-abc");
    assertThat(json.getString("createdAt")).isEqualTo("2024-05-01T10:15:30.123456Z");
    assertThat(Video.fromJson(json)).isEqualTo(uploading);

    Video failed = new Video("abc", 7, "ann", "T", "d", List.of(), Visibility.PRIVATE, VideoStatus.FAILED,
        "no video stream", 1500L, 640, 360, 1234L, "f".repeat(64), created, created.plusSeconds(1), null,
        new JsonObject().put("state", "failed").put("attempts", 3).put("error", "no video stream"));
    assertThat(failed.toJson().getString("failureReason")).isEqualTo("no video stream");
    assertThat(Video.fromJson(failed.toJson())).isEqualTo(failed);

    JsonObject playback = new JsonObject().put("master", "master.m3u8").put("poster", "thumbs/poster.jpg")
        .put("storyboard", "thumbs/storyboard.vtt").put("renditions", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("name", "360p").put("width", 640).put("height", 360)));
    Video ready = new Video("abc", 7, "ann", "T", "d", List.of(), Visibility.PUBLIC, VideoStatus.READY,
        null, 1500L, 640, 360, 1234L, "f".repeat(64), created, created, playback, null);
    JsonObject readyJson = ready.toJson();
    assertThat(readyJson.getString("playbackUrl")).isEqualTo("/vod/abc/master.m3u8");
    assertThat(readyJson.getString("poster")).isEqualTo("/vod/abc/thumbs/poster.jpg");
    assertThat(readyJson.getString("storyboard")).isEqualTo("/vod/abc/thumbs/storyboard.vtt");
    assertThat(readyJson.getJsonArray("renditions")).hasSize(1);
    assertThat(Video.fromJson(readyJson)).isEqualTo(ready);
  }
}
