package io.reelay.live.srt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SynCookiesTest {

  private final AtomicLong millis = new AtomicLong(1_000_000_000L);
  private final SynCookies cookies = new SynCookies(new byte[32], millis::get);

  @Test
  void aCookieIsBoundToTheAddress() {
    int cookie = cookies.cookie("10.0.0.1:4000");
    assertThat(cookies.verify("10.0.0.1:4000", cookie)).isTrue();
    assertThat(cookies.verify("10.0.0.1:4001", cookie)).isFalse();
    assertThat(cookies.verify("10.0.0.2:4000", cookie)).isFalse();
    assertThat(new SynCookies(new byte[] {1}, millis::get).verify("10.0.0.1:4000", cookie))
        .as("another secret").isFalse();
  }

  @Test
  void aCookieExpiresAfterItsMinuteAndTheNext() {
    millis.set(60_000L * 1000);
    int cookie = cookies.cookie("10.0.0.1:4000");
    millis.addAndGet(59_999);
    assertThat(cookies.verify("10.0.0.1:4000", cookie)).isTrue();
    millis.addAndGet(60_000);
    assertThat(cookies.verify("10.0.0.1:4000", cookie)).isTrue();
    millis.addAndGet(1);
    assertThat(cookies.verify("10.0.0.1:4000", cookie)).isFalse();
  }
}
