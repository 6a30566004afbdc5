package io.reelay.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.node.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PlaybackUrlsTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static PlaybackUrls at(Instant now) {
    return new PlaybackUrls(new VodSigner(KEY), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void plainPaths() {
    PlaybackUrls urls = at(NOW);
    assertThat(urls.masterPath("abc")).isEqualTo("/vod/abc/master.m3u8");
    assertThat(urls.root("abc")).isEqualTo("/vod/abc/");
    assertThatThrownBy(() -> urls.masterPath("../x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> urls.signedMasterPath("abc", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signedPathsVerifyUntilTheyExpire() {
    String path = at(NOW).signedMasterPath("abc", Duration.ofMinutes(10));
    assertThat(path).startsWith("/vod/abc/s/" + NOW.plusSeconds(600).getEpochSecond() + "/").endsWith("/master.m3u8");
    VodPath parsed = VodPath.parse(path);
    at(NOW.plusSeconds(599)).verify(parsed);
    assertThatThrownBy(() -> at(NOW.plusSeconds(600)).verify(parsed)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.getMessage()).contains("expired"));
    assertThatThrownBy(() -> at(NOW).verify(VodPath.parse(path.replace("/abc/", "/abd/"))))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(at(NOW).signedRoot("abc", Duration.ofMinutes(10)) + PlaybackUrls.MASTER).isEqualTo(path);
  }

  @Test
  void shortKeysAreRefused() {
    assertThatThrownBy(() -> new VodSigner(new byte[8])).isInstanceOf(IllegalArgumentException.class);
  }
}
