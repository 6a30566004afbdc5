package io.reelay.live.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SrtStreamIdTest {

  @Test
  void bothSpellings() {
    assertThat(SrtStreamId.parse("publish:live_abc").key()).isEqualTo("live_abc");
    assertThat(SrtStreamId.parse("#!::r=live/live_abc,m=publish").key()).isEqualTo("live_abc");
    assertThat(SrtStreamId.parse("#!::m=publish,u=bob,s=123,r=live/live_abc").key()).isEqualTo("live_abc");
    assertThat(SrtStreamId.parse("#!::r=live_abc,m=publish").key()).isEqualTo("live_abc");
  }

  @Test
  void refusals() {
    assertCode(null, SrtRejected.BAD_REQUEST);
    assertCode("", SrtRejected.BAD_REQUEST);
    assertCode("publish:", SrtRejected.BAD_REQUEST);
    assertCode("publish:a/b", SrtRejected.BAD_REQUEST);
    assertCode("live_abc", SrtRejected.BAD_REQUEST);
    assertCode("#!::r=live/live_abc", SrtRejected.BAD_MODE);
    assertCode("#!::r=live/live_abc,m=request", SrtRejected.BAD_MODE);
    assertCode("#!::m=publish", SrtRejected.BAD_REQUEST);
    assertCode("#!::garbage", SrtRejected.BAD_REQUEST);
    assertCode("play:live_abc", SrtRejected.BAD_MODE);
    assertCode("publish:" + "k".repeat(600), SrtRejected.BAD_REQUEST);
  }

  @Test
  void theKeyStaysOutOfToString() {
    assertThat(SrtStreamId.parse("publish:live_secret").toString()).doesNotContain("secret");
  }

  private static void assertCode(String sid, int code) {
    assertThatThrownBy(() -> SrtStreamId.parse(sid)).isInstanceOfSatisfying(SrtRejected.class,
        e -> assertThat(e.code()).isEqualTo(code));
  }
}
