package io.reelay.recommend.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ForwardDecayTest {

  private static final long DAY = Duration.ofDays(1).toMillis();
  private final ForwardDecay decay = new ForwardDecay(1_000_000, DAY);

  @Test
  void storedSumsReadBackAsDecayedSums() {
    long t1 = 1_000_000 + 3 * DAY;
    long t2 = t1 + DAY / 2;
    long now = t1 + 2 * DAY;
    double stored = 5 * decay.scale(t1) + 2 * decay.scale(t2);
    double expected = 5 * Math.pow(0.5, 2) + 2 * Math.pow(0.5, 1.5);
    assertThat(decay.valueAt(stored, now)).isCloseTo(expected, within(1e-12));
    assertThat(decay.scale(1_000_000)).isEqualTo(1.0);
    assertThat(decay.valueAt(decay.scale(t1), t1 + DAY)).as("halved after one half-life").isCloseTo(0.5, within(1e-12));
  }

  @Test
  void anOldBurstFallsBehindASmallerRecentOneWithoutAnyRewrite() {
    double old = 10 * decay.scale(1_000_000);                  // 10 units, 4 half-lives ago
    double recent = 1 * decay.scale(1_000_000 + 4 * DAY);      // 1 unit now
    assertThat(recent).as("stored values compare as they are").isGreaterThan(old); // 1 > 10/16
    assertThat(decay.valueAt(old, 1_000_000 + 4 * DAY)).isCloseTo(10.0 / 16, within(1e-12));
  }

  @Test
  void rebaseIsDueFarBeforeOverflow() {
    long due = 1_000_000 + (long) (ForwardDecay.REBASE_EXPONENT * DAY) + 1;
    assertThat(decay.needsRebase(due - 2)).isFalse();
    assertThat(decay.needsRebase(due)).isTrue();
    assertThat(decay.scale(due) * Math.pow(2, 64)).as("2^64 units at the rebase point still fit").isFinite();
    assertThat(decay.scale(1_000_000 - 30 * DAY)).as("before the epoch: small, not zero").isPositive();
  }
}
