package io.reelay.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.catalog.Visibility;
import io.reelay.playback.PlaybackFixtures.Played;
import io.reelay.testing.RawHttp;
import io.reelay.testing.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No request path reaches a file outside the video's {@code hls/} tree. Sent over raw sockets, so no client
 * normalises or re-encodes the path first. Targets: the video's uploaded source next to the tree, a file in
 * the storage dir, and /etc/passwd.
 */
@ExtendWith(SharedServices.class)
class VodTraversalTest {

  private static final int WEB_APP = -1;
  private static final String SECRET = "TOP-SECRET-" + System.nanoTime();

  static PlaybackFixtures fx;
  static Played video;
  static RawHttp raw;
  static String id;

  @BeforeAll
  static void start() throws Exception {
    fx = PlaybackFixtures.start();
    video = fx.ready(fx.newUser(), Visibility.PUBLIC);
    id = video.video().id();
    raw = new RawHttp(fx.base);
    Files.writeString(fx.storageDir.resolve("secret.ts"), SECRET);
    Files.writeString(video.mediaDir().resolve("secret.ts"), SECRET);
  }

  @AfterAll
  static void stop() {
    fx.stop();
  }

  @Test
  void dotSegmentsEncodedCharactersAndOddNamesAreRefused() {
    String v = "/vod/" + id + "/";
    Map<String, Integer> attempts = new LinkedHashMap<>();
    // Our route sees these (Vert.x routes on the normalised path) and refuses the raw path: 400.
    attempts.put(v + "../secret.ts", 400);
    attempts.put(v + "360p/../../secret.ts", 400);
    attempts.put(v + "./master.m3u8", 400);
    attempts.put(v + "%2e%2e/secret.ts", 400);
    attempts.put(v + "%2E%2E/secret.ts", 400);
    attempts.put(v + ".%2e/secret.ts", 400);
    attempts.put(v + "..%2fsecret.ts", 400);
    attempts.put(v + "..%2Fsecret.ts", 400);
    attempts.put(v + "%2e%2e%2fsecret.ts", 400);
    attempts.put(v + "360p%2f..%2f..%2fsecret.ts", 400);
    attempts.put(v + "..%5csecret.ts", 400);
    attempts.put(v + "..\\secret.ts", 400);
    attempts.put(v + "360p\\..\\..\\secret.ts", 400);
    attempts.put(v + "%2fetc%2fpasswd", 400);
    attempts.put(v + "/etc/passwd", 400);
    attempts.put(v + "C:/secret.ts", 400);
    attempts.put(v + "master.m3u8%00.ts", 400);
    attempts.put(v + "%00", 400);
    attempts.put(v + ".secret.ts", 400);
    attempts.put(v + "%252e%252e/secret.ts", 400); // double-encoded
    attempts.put(v + "s/../../secret.ts", 400);
    attempts.put("/vod/..%2f" + id + "/secret.ts", 400);
    // Normalised by Vert.x to paths outside /vod/ (/secret.ts, /etc/passwd): the web app refuses them
    // (404, or 405 from its HEAD-only route matching the path), never playback.
    attempts.put("/vod/%2e%2e/%2e%2e/secret.ts", WEB_APP);
    attempts.put("/vod/" + id + "/../../../../../../etc/passwd", WEB_APP);
    attempts.put("/vod/" + id + "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", WEB_APP);
    for (Map.Entry<String, Integer> a : attempts.entrySet()) {
      RawHttp.Response r = raw.send("GET", a.getKey(), Map.of(), null);
      if (a.getValue() == WEB_APP) {
        assertThat(r.status()).as(a.getKey()).isIn(404, 405);
      } else {
        assertThat(r.status()).as(a.getKey()).isEqualTo(a.getValue());
      }
      assertThat(r.body()).as(a.getKey()).doesNotContain(SECRET).doesNotContain("root:");
      assertThat(r.header("Content-Type")).as(a.getKey()).isEqualTo("application/json");
    }
  }

  @Test
  void theSourceNextToTheTreeIsNeverServed() {
    // "source" sits in the media dir, one level above hls/: no path below /vod/{id}/ can name it.
    for (String path : new String[] {"source", "../source", "%2e%2e/source", "hls/source"}) {
      RawHttp.Response r = raw.send("GET", "/vod/" + id + "/" + path, Map.of(), null);
      assertThat(r.status()).as(path).isIn(400, 404);
    }
  }

  @Test
  void symbolicLinksLeadingOutOfTheTreeAreNotFollowed() throws Exception {
    Path hls = video.hls();
    Files.createSymbolicLink(hls.resolve("leak.ts"), fx.storageDir.resolve("secret.ts"));
    Files.createSymbolicLink(hls.resolve("passwd.m3u8"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(hls.resolve("up"), video.mediaDir());
    Files.createSymbolicLink(hls.resolve("relative.ts"), Path.of("../secret.ts"));
    Files.createSymbolicLink(hls.resolve("loop.ts"), hls.resolve("loop.ts"));
    for (String path : new String[] {"leak.ts", "passwd.m3u8", "up/secret.ts", "up/source", "relative.ts", "loop.ts"}) {
      RawHttp.Response r = raw.send("GET", "/vod/" + id + "/" + path, Map.of(), null);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).doesNotContain(SECRET).doesNotContain("root:");
    }
    // A link that stays inside the tree is fine.
    Files.createSymbolicLink(hls.resolve("alias.m3u8"), hls.resolve("master.m3u8"));
    RawHttp.Response alias = raw.send("GET", "/vod/" + id + "/alias.m3u8", Map.of(), null);
    assertThat(alias.status()).isEqualTo(200);
    assertThat(alias.body()).isEqualTo(PlaybackFixtures.MASTER);
  }

  @Test
  void aTreeThatIsItselfALinkStillServesOnlyItsOwnFiles() throws Exception {
    // Storage on another mount, linked in: the real path of hls/ is the boundary, not its name.
    Played linked = fx.ready(fx.newUser(), Visibility.PUBLIC);
    Path elsewhere = Files.createTempDirectory("reelay-hls-elsewhere");
    Path realTree = elsewhere.resolve("tree");
    Files.move(linked.hls(), realTree);
    Files.createSymbolicLink(linked.hls(), realTree);
    Files.writeString(elsewhere.resolve("secret.ts"), SECRET);
    Files.createSymbolicLink(realTree.resolve("sibling.ts"), elsewhere.resolve("secret.ts"));

    assertThat(raw.send("GET", linked.url("360p/seg_00001.m4s"), Map.of(), null).status()).isEqualTo(200);
    RawHttp.Response sibling = raw.send("GET", linked.url("sibling.ts"), Map.of(), null);
    assertThat(sibling.status()).isEqualTo(404);
    assertThat(sibling.body()).doesNotContain(SECRET);
  }
}
