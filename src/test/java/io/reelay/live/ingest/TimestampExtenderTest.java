package io.reelay.live.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampExtenderTest {

  private static final long WRAP = 1L << 32;

  @Test
  void passesOrdinaryTimestampsThroughUnrepaired() {
    TimestampExtender t = new TimestampExtender(32);
    assertThat(t.extend(5000)).isEqualTo(5000);
    assertThat(t.extend(5040)).isEqualTo(5040);
    assertThat(t.extend(4900)).as("a small step back is the segmenter's to repair").isEqualTo(4900);
    assertThat(t.extend(900_000)).as("a jump too").isEqualTo(900_000);
  }

  @Test
  void carriesOnPastTheWrapOf32Bits() {
    TimestampExtender t = new TimestampExtender(32);
    assertThat(t.extend(WRAP - 40)).isEqualTo(WRAP - 40);
    assertThat(t.extend(0)).isEqualTo(WRAP);
    assertThat(t.extend(40)).isEqualTo(WRAP + 40);
    assertThat(t.extend(WRAP - 10)).as("a late frame from before the wrap").isEqualTo(WRAP - 10);
    assertThat(t.extend(80)).isEqualTo(WRAP + 80);
    assertThat(t.extend(WRAP - 1000)).isEqualTo(WRAP - 1000);
    assertThat(t.extend(1L << 31)).isEqualTo(WRAP + (1L << 31));
    assertThat(t.extend(WRAP - 5)).isEqualTo(2 * WRAP - 5);
    assertThat(t.extend(3)).as("a second wrap").isEqualTo(2 * WRAP + 3);
  }

  @Test
  void extendsThirtyThreeBitTimestamps() {
    TimestampExtender t = new TimestampExtender(33);
    long wrap = 1L << 33;
    assertThat(t.extend(wrap - 3000)).isEqualTo(wrap - 3000);
    assertThat(t.extend(600)).isEqualTo(wrap + 600);
    assertThat(t.extend(wrap - 1500)).as("a late frame from before the wrap").isEqualTo(wrap - 1500);
    assertThat(java.util.List.of(t.extend(4200), t.extend(wrap + 7800))).containsExactly(wrap + 4200, wrap + 7800);
  }
}
