package io.reelay.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.playback.VodFiles.VodFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

  private static final long MODIFIED = 1_700_000_000_123L; // Tue, 14 Nov 2023 22:13:20.123 GMT
  private static final VodFile FILE = new VodFile(Path.of("x"), 255, MODIFIED);
  private static final String DATE = "Tue, 14 Nov 2023 22:13:20 GMT";

  @Test
  void etagAndDate() {
    assertThat(Validators.etag(FILE, false)).isEqualTo("\"ff-" + Long.toHexString(MODIFIED) + "\"");
    assertThat(Validators.etag(FILE, true)).isEqualTo("W/\"ff-" + Long.toHexString(MODIFIED) + "\"");
    assertThat(Validators.httpDate(MODIFIED)).isEqualTo(DATE);
    assertThat(Validators.httpDate(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
  }

  @Test
  void notModified() {
    String etag = Validators.etag(FILE, false);
    assertThat(Validators.notModified(etag, null, etag, MODIFIED)).isTrue();
    assertThat(Validators.notModified("W/" + etag, null, etag, MODIFIED)).isTrue();
    assertThat(Validators.notModified("\"a\",  " + etag, null, etag, MODIFIED)).isTrue();
    assertThat(Validators.notModified("*", null, etag, MODIFIED)).isTrue();
    assertThat(Validators.notModified("\"a\"", DATE, etag, MODIFIED)).as("If-None-Match decides").isFalse();
    assertThat(Validators.notModified(null, DATE, etag, MODIFIED)).isTrue();
    assertThat(Validators.notModified(null, "Tue, 14 Nov 2023 22:13:19 GMT", etag, MODIFIED)).isFalse();
    assertThat(Validators.notModified(null, "Wed, 15 Nov 2023 00:00:00 GMT", etag, MODIFIED)).isTrue();
    assertThat(Validators.notModified(null, "garbage", etag, MODIFIED)).isFalse();
    assertThat(Validators.notModified(null, null, etag, MODIFIED)).isFalse();
  }

  @Test
  void ifRange() {
    String strong = Validators.etag(FILE, false);
    String weak = Validators.etag(FILE, true);
    assertThat(Validators.rangeApplies(null, strong, MODIFIED)).isTrue();
    assertThat(Validators.rangeApplies(strong, strong, MODIFIED)).isTrue();
    assertThat(Validators.rangeApplies("\"other\"", strong, MODIFIED)).isFalse();
    assertThat(Validators.rangeApplies(weak, weak, MODIFIED)).as("weak tags never match If-Range").isFalse();
    assertThat(Validators.rangeApplies(weak.substring(2), weak, MODIFIED)).as("our tag is weak").isFalse();
    assertThat(Validators.rangeApplies(DATE, strong, MODIFIED)).isTrue();
    assertThat(Validators.rangeApplies("Tue, 14 Nov 2023 22:13:21 GMT", strong, MODIFIED)).isFalse();
  }
}
