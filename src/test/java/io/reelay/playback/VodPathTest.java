package io.reelay.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.node.http.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VodPathTest {

  private static void assertStatus(String raw, int status) {
    assertThatThrownBy(() -> VodPath.parse(raw)).as(raw).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(status));
  }

  @Test
  void plainAndSignedPaths() {
    VodPath plain = VodPath.parse("/vod/abcDEF_-12/360p/seg_00001.m4s");
    assertThat(plain.videoId()).isEqualTo("abcDEF_-12");
    assertThat(plain.file()).containsExactly("360p", "seg_00001.m4s");
    assertThat(plain.signed()).isFalse();
    assertThat(plain.fileName()).isEqualTo("seg_00001.m4s");

    VodPath signed = VodPath.parse("/vod/abc/s/1700000000/SIG-_x/master.m3u8");
    assertThat(signed.signed()).isTrue();
    assertThat(signed.expiresEpochSeconds()).isEqualTo(1700000000L);
    assertThat(signed.signature()).isEqualTo("SIG-_x");
    assertThat(signed.file()).isEqualTo(List.of("master.m3u8"));
  }

  @Test
  void anythingButPlainNamesIs400() {
    for (String raw : new String[] {"/vod/abc/../x.ts", "/vod/abc/./x.ts", "/vod/abc/.x.ts", "/vod/abc/%2e%2e/x.ts",
        "/vod/abc/a%2fb.ts", "/vod/abc/a\\b.ts", "/vod/abc//x.ts", "/vod/abc/x.ts/", "/vod/abc/x\0.ts",
        "/vod/abc/c:x.ts", "/vod/abc/é.ts", "/vod/abc/a b.ts", "/vod//x.ts", "/vod/", "/other",
        "/vod/abc/" + "a".repeat(129) + ".ts"}) {
      assertStatus(raw, 400);
    }
  }

  @Test
  void missingFilesOrIdsAre404AndMalformedSignaturesAre403() {
    assertStatus("/vod/abc", 404);
    assertStatus("/vod/" + "a".repeat(65) + "/x.ts", 404);
    assertStatus("/vod/abc/a/b/c/d/e.ts", 404); // deeper than any tree
    assertStatus("/vod/abc/s/123/sig", 404);
    assertStatus("/vod/abc/s/123", 403);
    assertStatus("/vod/abc/s/12x/sig/master.m3u8", 403);
    assertStatus("/vod/abc/s/1234567890123/sig/master.m3u8", 403);
  }
}
