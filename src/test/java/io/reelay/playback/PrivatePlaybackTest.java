package io.reelay.playback;

import static io.reelay.playback.PlaybackFixtures.header;
import static io.reelay.playback.PlaybackFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.catalog.VideoPatch;
import io.reelay.catalog.Visibility;
import io.reelay.playback.PlaybackFixtures.Played;
import io.reelay.playback.PlaybackFixtures.User;
import io.reelay.testing.SharedServices;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedServices.class)
class PrivatePlaybackTest {

  static PlaybackFixtures fx;
  static User owner;
  static User stranger;
  static Played hidden;
  static PlaybackUrls urls;

  @BeforeAll
  static void start() throws Exception {
    fx = PlaybackFixtures.start();
    owner = fx.newUser();
    stranger = fx.newUser();
    hidden = fx.ready(owner, Visibility.PRIVATE);
    urls = fx.urls();
  }

  @AfterAll
  static void stop() {
    fx.stop();
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static void assertNotFound(HttpResponse<byte[]> r) {
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).getString("error")).isEqualTo("not_found");
    assertThat(json(r).getString("message")).isEqualTo("no video " + hidden.video().id());
  }

  private static void assertForbidden(HttpResponse<byte[]> r, String message) {
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).getString("error")).isEqualTo("forbidden");
    assertThat(json(r).getString("message")).contains(message);
    assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
  }

  @Test
  void anonymousRequestsAndOtherUsersGetTheSame404AsAMissingVideo() {
    assertNotFound(fx.get(hidden.url("master.m3u8")));
    assertNotFound(fx.get(hidden.url("360p/seg_00001.m4s")));
    assertNotFound(fx.get(hidden.url("master.m3u8"), "Authorization", bearer(stranger.token())));
  }

  @Test
  void aBadTokenIs401() {
    HttpResponse<byte[]> r = fx.get(hidden.url("master.m3u8"), "Authorization", bearer("not.a.token"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(fx.get(hidden.url("master.m3u8"), "Authorization", "Basic YTpi").statusCode()).isEqualTo(401);
  }

  @Test
  void theOwnerAndAdminsPlayWithTheirTokenAndNothingIsCachedPublicly() {
    for (String token : List.of(owner.token(), fx.http.adminToken())) {
      for (String file : List.of("master.m3u8", "360p/seg_00001.m4s")) {
        HttpResponse<byte[]> r = fx.get(hidden.url(file), "Authorization", bearer(token));
        assertThat(r.statusCode()).as(file).isEqualTo(200);
        assertThat(r.body()).isEqualTo(hidden.bytes(file));
        assertThat(header(r, "Cache-Control")).startsWith("private, max-age=");
      }
    }
  }

  @Test
  void aSignedPathPlaysTheMasterAndEverythingItsPlaylistsReferTo() {
    String master = urls.signedMasterPath(hidden.video().id(), Duration.ofMinutes(5));
    assertThat(master).matches("/vod/" + hidden.video().id() + "/s/[0-9]+/[A-Za-z0-9_-]{43}/master\\.m3u8");
    HttpResponse<byte[]> r = fx.get(master);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(hidden.bytes("master.m3u8"));
    assertThat(header(r, "Cache-Control")).isEqualTo("private, max-age=10");

    // A player resolves the playlists' relative URIs against the signed path: the signature carries along.
    URI masterUri = URI.create(fx.base + master);
    URI rung = masterUri.resolve("360p/index.m3u8");
    for (URI uri : List.of(rung, rung.resolve("init.mp4"), rung.resolve("seg_00002.m4s"),
        masterUri.resolve("thumbs/storyboard.vtt"), masterUri.resolve("thumbs/sprite-000.jpg"))) {
      HttpResponse<byte[]> file = fx.get(uri.getRawPath());
      assertThat(file.statusCode()).as(uri.getRawPath()).isEqualTo(200);
    }
    HttpResponse<byte[]> segment = fx.get(rung.resolve("seg_00001.m4s").getRawPath(), "Range", "bytes=0-9");
    assertThat(segment.statusCode()).isEqualTo(206);
    assertThat(header(segment, "Cache-Control")).isEqualTo("private, max-age=31536000, immutable");

    // The signed root works for any file below it, too.
    assertThat(fx.get(urls.signedRoot(hidden.video().id(), Duration.ofMinutes(1)) + "thumbs/poster.jpg")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void expiredTamperedOrForeignSignaturesAre403() {
    String id = hidden.video().id();
    String expired = fx.urls(Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))
        .signedMasterPath(id, Duration.ofHours(1));
    assertForbidden(fx.get(expired), "expired");

    String valid = urls.signedMasterPath(id, Duration.ofMinutes(5));
    String[] parts = valid.split("/"); // "", vod, id, s, expires, signature, master.m3u8
    String signature = parts[5];
    String flipped = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
    assertForbidden(fx.get("/vod/" + id + "/s/" + parts[4] + "/" + flipped + "/master.m3u8"), "invalid");
    long later = Long.parseLong(parts[4]) + 3600;
    assertForbidden(fx.get("/vod/" + id + "/s/" + later + "/" + signature + "/master.m3u8"), "invalid");
    assertForbidden(fx.get("/vod/" + id + "/s/" + parts[4] + "/" + signature.substring(1) + "/master.m3u8"), "invalid");

    Played other = fx.ready(owner, Visibility.PRIVATE);
    String foreign = urls.signedMasterPath(other.video().id(), Duration.ofMinutes(5))
        .replace(other.video().id(), id);
    assertForbidden(fx.get(foreign), "invalid");

    assertForbidden(fx.get("/vod/" + id + "/s/soon/" + signature + "/master.m3u8"), "malformed");
    assertForbidden(fx.get("/vod/" + id + "/s/" + parts[4]), "malformed");
    // A signature key from another deployment proves nothing.
    PlaybackUrls stranger = new PlaybackUrls(new VodSigner(PlaybackFixtures.random(32)), Clock.systemUTC());
    assertForbidden(fx.get(stranger.signedMasterPath(id, Duration.ofMinutes(5))), "invalid");
  }

  @Test
  void aSignedPathForAMissingVideoIs404() {
    assertThat(fx.get(urls.signedMasterPath("AAAAAAAAAAAAAAAA", Duration.ofMinutes(5))).statusCode()).isEqualTo(404);
  }

  @Test
  void unlistedVideosPlayForAnyone() {
    Played unlisted = fx.ready(owner, Visibility.UNLISTED);
    HttpResponse<byte[]> r = fx.get(unlisted.url("master.m3u8"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=10");
  }

  @Test
  void makingAVideoPrivateTakesEffectWithinSeconds() throws Exception {
    Played video = fx.ready(owner, Visibility.PUBLIC);
    assertThat(fx.get(video.url("master.m3u8")).statusCode()).isEqualTo(200);
    fx.catalog.update(video.video().id(), new VideoPatch(null, null, null, Visibility.PRIVATE)).await();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int status = 200;
    while (status == 200 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      status = fx.get(video.url("master.m3u8")).statusCode();
    }
    assertThat(status).isEqualTo(404);
    assertThat(VodIndex.TTL_MS).isLessThanOrEqualTo(3_000);
  }
}
