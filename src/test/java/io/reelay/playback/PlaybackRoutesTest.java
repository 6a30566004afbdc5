package io.reelay.playback;

import static io.reelay.playback.PlaybackFixtures.header;
import static io.reelay.playback.PlaybackFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.catalog.Visibility;
import io.reelay.playback.PlaybackFixtures.Played;
import io.reelay.playback.PlaybackFixtures.User;
import io.reelay.testing.RawHttp;
import io.reelay.testing.SharedServices;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(SharedServices.class)
class PlaybackRoutesTest {

  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String SHORT = "public, max-age=10";

  static PlaybackFixtures fx;
  static User owner;
  static Played video;

  @BeforeAll
  static void start() throws Exception {
    fx = PlaybackFixtures.start();
    owner = fx.newUser();
    video = fx.ready(owner, Visibility.PUBLIC);
  }

  @AfterAll
  static void stop() {
    fx.stop();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "master.m3u8           | application/vnd.apple.mpegurl | " + SHORT,
      "360p/index.m3u8       | application/vnd.apple.mpegurl | " + SHORT,
      "360p/init.mp4         | video/mp4                     | " + IMMUTABLE,
      "360p/seg_00001.m4s    | video/mp4                     | " + IMMUTABLE,
      "ts/seg_00001.ts       | video/mp2t                    | " + IMMUTABLE,
      "thumbs/poster.jpg     | image/jpeg                    | " + IMMUTABLE,
      "thumbs/sprite-000.jpg | image/jpeg                    | " + IMMUTABLE,
      "thumbs/storyboard.vtt | text/vtt; charset=utf-8       | " + SHORT,
  })
  void servesEveryFileOfTheTreeWithItsTypeCachingValidatorsAndCors(String file, String type, String cache) {
    HttpResponse<byte[]> r = fx.get(video.url(file));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(video.bytes(file));
    assertThat(header(r, "Content-Type")).isEqualTo(type);
    assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(video.bytes(file).length));
    assertThat(header(r, "Cache-Control")).isEqualTo(cache);
    assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
    assertThat(header(r, "ETag")).matches("(W/)?\"[0-9a-f]+-[0-9a-f]+\"");
    assertThat(header(r, "Last-Modified")).endsWith(" GMT");
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(header(r, "Access-Control-Expose-Headers")).contains("Content-Length", "Content-Range");
    assertThat(header(r, "Content-Encoding")).as("never 'identity' on the wire").isNull();
  }

  @Test
  void headAnswersTheHeadersOfGetWithoutABody() {
    String file = "360p/seg_00001.m4s";
    HttpResponse<byte[]> get = fx.get(video.url(file));
    HttpResponse<byte[]> head = fx.request("HEAD", video.url(file));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    for (String h : List.of("Content-Type", "Content-Length", "Cache-Control", "ETag", "Last-Modified",
        "Accept-Ranges", "Access-Control-Allow-Origin")) {
      assertThat(header(head, h)).as(h).isNotNull().isEqualTo(header(get, h));
    }
    assertThat(header(head, "Content-Length")).isEqualTo("5000");
    assertThat(header(head, "Content-Encoding")).isNull();

    HttpResponse<byte[]> range = fx.request("HEAD", video.url(file), "Range", "bytes=10-19");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(header(range, "Content-Range")).isEqualTo("bytes 10-19/5000");
    assertThat(header(range, "Content-Length")).isEqualTo("10");
  }

  @ParameterizedTest
  @CsvSource({
      "bytes=0-99, 0, 99",          // the first bytes
      "bytes=1000-1999, 1000, 1999", // the middle
      "bytes=-100, 4900, 4999",      // a suffix
      "bytes=4500-, 4500, 4999",     // open-ended
      "bytes=4990-999999, 4990, 4999", // past the end: cut at the end
      "bytes=0-0, 0, 0",
      "bytes=-999999, 0, 4999",      // a suffix longer than the file: all of it
      "Bytes=5-6, 5, 6",              // the unit is case-insensitive
  })
  void aSatisfiableRangeIsA206WithThoseBytes(String range, long first, long last) {
    String file = "360p/seg_00001.m4s";
    HttpResponse<byte[]> r = fx.get(video.url(file), "Range", range);
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(header(r, "Content-Range")).isEqualTo("bytes " + first + "-" + last + "/5000");
    assertThat(header(r, "Content-Length")).isEqualTo(Long.toString(last - first + 1));
    assertThat(header(r, "Content-Type")).isEqualTo("video/mp4");
    assertThat(header(r, "Cache-Control")).isEqualTo(IMMUTABLE);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(video.bytes(file), (int) first, (int) last + 1));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bytes=5000-",        // starts at the end
      "bytes=9000-9999",
      "bytes=-0",           // an empty suffix
      "bytes=abc",          // malformed
      "bytes=10-5",         // backwards
      "bytes=",             // no range at all
      "bytes=5000-,6000-",  // several, none satisfiable
      "bytes=0x10-20",
  })
  void anUnsatisfiableOrMalformedRangeIs416(String range) {
    HttpResponse<byte[]> r = fx.get(video.url("360p/seg_00001.m4s"), "Range", range);
    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(header(r, "Content-Range")).isEqualTo("bytes */5000");
    assertThat(json(r).getString("error")).isEqualTo("range_not_satisfiable");
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
  }

  @Test
  void severalRangesOrAnotherUnitGetTheWholeFile() {
    String file = "360p/seg_00002.m4s";
    for (String range : List.of("bytes=0-1,5-6", "bytes=0-1, 9000-", "items=0-1")) {
      HttpResponse<byte[]> r = fx.get(video.url(file), "Range", range);
      assertThat(r.statusCode()).as(range).isEqualTo(200);
      assertThat(r.body()).isEqualTo(video.bytes(file));
      assertThat(header(r, "Content-Range")).isNull();
    }
  }

  @Test
  void ifRangeAppliesTheRangeOnlyToTheSameVersion() {
    String file = "360p/seg_00001.m4s";
    HttpResponse<byte[]> full = fx.get(video.url(file));
    String etag = header(full, "ETag");
    String lastModified = header(full, "Last-Modified");
    assertThat(fx.get(video.url(file), "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
    assertThat(fx.get(video.url(file), "Range", "bytes=0-9", "If-Range", lastModified).statusCode()).isEqualTo(206);
    HttpResponse<byte[]> stale = fx.get(video.url(file), "Range", "bytes=0-9", "If-Range", "\"0-0\"");
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(video.bytes(file));
    assertThat(fx.get(video.url(file), "Range", "bytes=0-9", "If-Range", "Thu, 01 Jan 1970 00:00:00 GMT")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void theEtagOrTheDateOfTheCurrentCopyAnswers304() {
    for (String file : List.of("360p/seg_00001.m4s", "master.m3u8", "thumbs/storyboard.vtt")) {
      HttpResponse<byte[]> full = fx.get(video.url(file));
      String etag = header(full, "ETag");
      String lastModified = header(full, "Last-Modified");

      HttpResponse<byte[]> byTag = fx.get(video.url(file), "If-None-Match", "\"nope\", " + etag);
      assertThat(byTag.statusCode()).as(file).isEqualTo(304);
      assertThat(byTag.body()).isEmpty();
      assertThat(header(byTag, "Content-Encoding")).isNull();
      assertThat(header(byTag, "ETag")).isEqualTo(etag);
      assertThat(header(byTag, "Cache-Control")).isEqualTo(header(full, "Cache-Control"));
      assertThat(header(byTag, "Access-Control-Allow-Origin")).isEqualTo("*");
      // Weak comparison: a tag given back with or without W/ matches.
      String other = etag.startsWith("W/") ? etag.substring(2) : "W/" + etag;
      assertThat(fx.get(video.url(file), "If-None-Match", other).statusCode()).isEqualTo(304);
      assertThat(fx.get(video.url(file), "If-None-Match", "*").statusCode()).isEqualTo(304);
      assertThat(fx.request("HEAD", video.url(file), "If-None-Match", etag).statusCode()).isEqualTo(304);
      assertThat(fx.get(video.url(file), "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);

      assertThat(fx.get(video.url(file), "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
      assertThat(fx.get(video.url(file), "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode())
          .isEqualTo(200);
      assertThat(fx.get(video.url(file), "If-Modified-Since", "yesterday").statusCode()).isEqualTo(200);
      // If-None-Match wins over If-Modified-Since.
      assertThat(fx.get(video.url(file), "If-None-Match", "\"other\"", "If-Modified-Since", lastModified)
          .statusCode()).isEqualTo(200);
      // A conditional answer comes before the range.
      assertThat(fx.get(video.url(file), "If-None-Match", etag, "Range", "bytes=0-1").statusCode()).isEqualTo(304);
    }
  }

  @Test
  void aChangedFileGetsANewEtag() throws Exception {
    Played other = fx.ready(owner, Visibility.PUBLIC);
    String etag = header(fx.get(other.url("master.m3u8")), "ETag");
    Files.writeString(other.hls().resolve("master.m3u8"), PlaybackFixtures.MASTER + "# changed\n");
    Files.setLastModifiedTime(other.hls().resolve("master.m3u8"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    HttpResponse<byte[]> r = fx.get(other.url("master.m3u8"), "If-None-Match", etag);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "ETag")).isNotEqualTo(etag);
  }

  @Test
  void playlistsMayBeGzippedButMediaAndRangesAreSentAsStored() {
    RawHttp raw = new RawHttp(fx.base);
    RawHttp.Response playlist = raw.send("GET", video.url("thumbs/storyboard.vtt"),
        RawHttp.headers("Accept-Encoding", "gzip"), null);
    assertThat(playlist.status()).isEqualTo(200);
    assertThat(playlist.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(playlist.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(playlist.header("ETag")).startsWith("W/");

    RawHttp.Response segment = raw.send("GET", video.url("360p/seg_00001.m4s"),
        RawHttp.headers("Accept-Encoding", "gzip"), null);
    assertThat(segment.status()).isEqualTo(200);
    assertThat(segment.header("Content-Encoding")).isNull();
    assertThat(segment.header("Content-Length")).isEqualTo("5000");

    RawHttp.Response part = raw.send("GET", video.url("master.m3u8"),
        RawHttp.headers("Accept-Encoding", "gzip", "Range", "bytes=0-6"), null);
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.header("Content-Encoding")).isNull();
    assertThat(part.body()).isEqualTo("#EXTM3U");
  }

  /** Media is compressed already: gzip would cost CPU for nothing and rule out zero-copy sending. */
  @ParameterizedTest
  @CsvSource({"360p/seg_00001.m4s", "360p/init.mp4", "ts/seg_00001.ts", "thumbs/poster.jpg", "thumbs/sprite-000.jpg"})
  void mediaIsNeverGzippedEvenWhenTheClientAcceptsIt(String file) {
    HttpResponse<byte[]> r = fx.get(video.url(file), "Accept-Encoding", "gzip, deflate, br");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Encoding")).isNull();
    assertThat(r.body()).isEqualTo(video.bytes(file));
  }

  @Test
  void playlistsAndJsonAreGzippedWhenAccepted() throws Exception {
    HttpResponse<byte[]> playlist = fx.get(video.url("360p/index.m3u8"), "Accept-Encoding", "gzip");
    assertThat(header(playlist, "Content-Encoding")).isEqualTo("gzip");
    assertThat(gunzip(playlist.body())).isEqualTo(PlaybackFixtures.RUNG);

    HttpResponse<byte[]> json = fx.get("/api/videos/" + video.video().id(), "Accept-Encoding", "gzip");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(header(json, "Content-Encoding")).isEqualTo("gzip");
    assertThat(new io.vertx.core.json.JsonObject(gunzip(json.body())).getString("id")).isEqualTo(video.video().id());
  }

  private static String gunzip(byte[] body) throws java.io.IOException {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void playlistsResolveToFilesThatPlay() {
    URI master = URI.create(fx.base + video.url("master.m3u8"));
    String rung = lastLine(new String(fx.get(video.url("master.m3u8")).body(), StandardCharsets.UTF_8));
    URI rungUri = master.resolve(rung);
    HttpResponse<byte[]> index = fx.get(rungUri.getRawPath());
    assertThat(index.statusCode()).isEqualTo(200);
    for (String uri : List.of("init.mp4", "seg_00001.m4s", "seg_00002.m4s")) {
      assertThat(fx.get(rungUri.resolve(uri).getRawPath()).statusCode()).as(uri).isEqualTo(200);
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1].trim();
  }

  @Test
  void aPlayerLeavingMidSegmentDoesNotHurtTheNode() throws Exception {
    byte[] big = PlaybackFixtures.random(16 << 20);
    Files.write(video.hls().resolve("360p/seg_00099.m4s"), big);
    for (int i = 0; i < 5; i++) {
      try (java.net.Socket socket = new RawHttp(fx.base).begin("GET", video.url("360p/seg_00099.m4s"), Map.of())) {
        assertThat(socket.getInputStream().readNBytes(4096)).hasSize(4096);
        socket.setSoLinger(true, 0); // reset, as a player seeking away does
      }
    }
    HttpResponse<byte[]> whole = fx.get(video.url("360p/seg_00099.m4s"));
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(big);
    HttpResponse<byte[]> tail = fx.get(video.url("360p/seg_00099.m4s"), "Range", "bytes=-10");
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(big, big.length - 10, big.length));
  }

  @Test
  void corsPreflightsAreAnswered() {
    HttpResponse<byte[]> r = fx.request("OPTIONS", video.url("360p/seg_00001.m4s"),
        "Origin", "https://player.example", "Access-Control-Request-Method", "GET",
        "Access-Control-Request-Headers", "range");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(header(r, "Access-Control-Allow-Methods")).contains("GET");
    assertThat(header(r, "Access-Control-Allow-Headers")).contains("Range", "Authorization");
  }

  @Test
  void unknownVideosFilesAndTypesAre404Json() {
    Map<String, String> cases = Map.of(
        "/vod/AAAAAAAAAAAAAAAA/master.m3u8", "no video",
        video.url("nope.m3u8"), "no file",
        video.url("360p/seg_09999.m4s"), "no file",
        video.url("master.m3u8/seg.ts"), "no file",   // a file used as a directory
        video.url("360p"), "no such file",            // a directory
        video.url("360p/index.m3u8.tmp"), "no such file", // a type never served
        "/vod/" + video.video().id(), "no such file",
        "/vod/" + "x".repeat(65) + "/master.m3u8", "no video");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<byte[]> r = fx.get(c.getKey());
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(404);
      assertThat(header(r, "Content-Type")).isEqualTo("application/json");
      assertThat(json(r).getString("error")).isEqualTo("not_found");
      assertThat(json(r).getString("message")).as(c.getKey()).contains(c.getValue());
      assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
      assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
    }
  }

  @Test
  void aVideoNotReadyIs404SayingWhy() throws Exception {
    Played processing = fx.processing(owner, Visibility.PUBLIC); // its tree is there, but not yet announced
    HttpResponse<byte[]> r = fx.get(processing.url("master.m3u8"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).getString("message")).contains("still processing");
    assertThat(header(r, "Cache-Control")).isEqualTo("no-store");

    var uploading = fx.catalog.createVideo(owner.id(),
        new io.reelay.catalog.VideoDraft("up", "", List.of(), Visibility.PUBLIC)).await();
    HttpResponse<byte[]> up = fx.get("/vod/" + uploading.id() + "/master.m3u8");
    assertThat(up.statusCode()).isEqualTo(404);
    assertThat(json(up).getString("message")).contains("still uploading");

    Played failed = fx.processing(owner, Visibility.PUBLIC);
    fx.catalog.markFailed(failed.video().id(), "broken").await();
    assertThat(json(fx.get(failed.url("master.m3u8"))).getString("message")).contains("could not be processed");

    // Ready without a tree (its files were removed): 404, not a 500.
    Played gone = fx.ready(owner, Visibility.PUBLIC);
    try (var walk = Files.walk(gone.hls())) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    HttpResponse<byte[]> none = fx.get(gone.url("master.m3u8"));
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(json(none).getString("message")).contains("no playback files");
  }

  @Test
  void theSameBytesUploadedTwicePlayUnderBothVideos() throws Exception {
    Played first = fx.ready(owner, Visibility.PUBLIC);
    // A second video of the same content shares the media dir and so the tree.
    var second = fx.catalog.createVideo(owner.id(),
        new io.reelay.catalog.VideoDraft("dup", "", List.of(), Visibility.PUBLIC)).await();
    byte[] source = Files.readAllBytes(first.mediaDir().resolve("source"));
    java.nio.file.Path staged = fx.storageDir.resolve("staging").resolve(java.util.UUID.randomUUID().toString());
    Files.write(staged, source);
    fx.catalog.attachContent(second.id(), first.video().contentHash(), source.length, staged).await();
    fx.catalog.markReady(second.id()).await();
    HttpResponse<byte[]> r = fx.get("/vod/" + second.id() + "/360p/seg_00002.m4s");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(first.bytes("360p/seg_00002.m4s"));
  }

  @Test
  void otherMethodsAreNotAllowedAndTheWebAppDoesNotAnswerVodPaths() {
    HttpResponse<byte[]> post = fx.request("POST", video.url("master.m3u8"));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(json(post).getString("error")).isEqualTo("method_not_allowed");
    assertThat(header(fx.get(video.url("master.m3u8")), "Content-Type")).isEqualTo("application/vnd.apple.mpegurl");
  }

  @Test
  void metricsCountRequestsAndBytesByType() {
    fx.get(video.url("360p/seg_00002.m4s"));
    fx.get(video.url("thumbs/storyboard.vtt"));
    String metrics = fx.http.get("/metrics").body();
    assertThat(metrics).containsPattern("reelay_vod_requests_total\\{type=\"segment\"} [1-9]");
    assertThat(metrics).containsPattern("reelay_vod_requests_total\\{type=\"vtt\"} [1-9]");
    assertThat(metrics).containsPattern("reelay_vod_bytes_total\\{type=\"segment\"} [1-9]");
  }
}
