package io.reelay.recommend.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignalsTest {

  private final Signals signals = Signals.defaults();

  private static Interaction event(EventKind kind, double seconds) {
    return new Interaction(kind, "u", "v", List.of("anime"), "c", 0, seconds);
  }

  @Test
  void watchTimeCarriesTheWeightAndAFinishAddsABonus() {
    assertThat(signals.weight(event(EventKind.HEARTBEAT, 300))).isCloseTo(1.0, within(1e-9));
    assertThat(signals.weight(event(EventKind.HEARTBEAT, 600)))
        .isCloseTo(2 * signals.weight(event(EventKind.HEARTBEAT, 300)), within(1e-9));
    assertThat(signals.weight(event(EventKind.COMPLETE, 0))).isEqualTo(1.0);
    assertThat(signals.weight(event(EventKind.PLAY, 0))).as("a click alone says little")
        .isPositive().isLessThan(signals.weight(event(EventKind.HEARTBEAT, 30)));
    assertThat(signals.weight(event(EventKind.HEARTBEAT, 1e9))).as("clamped")
        .isEqualTo(signals.weight(event(EventKind.HEARTBEAT, 3600)));
    assertThat(signals.weight(event(EventKind.HEARTBEAT, -5))).isZero();
  }

  @Test
  void quickSkipsDislikesAndUnplayedImpressionsAreNegative() {
    assertThat(signals.weight(event(EventKind.SKIP, 3))).isNegative();
    assertThat(signals.weight(event(EventKind.SKIP, 120))).as("its watch time was counted by heartbeats").isZero();
    assertThat(signals.weight(event(EventKind.DISLIKE, 0))).isLessThan(signals.weight(event(EventKind.SKIP, 3)));
    assertThat(signals.weight(event(EventKind.IMPRESSION, 0))).isNegative()
        .isGreaterThan(-signals.weight(event(EventKind.PLAY, 0)));
    assertThat(signals.weight(event(EventKind.LIKE, 0))).isGreaterThan(signals.weight(event(EventKind.COMPLETE, 0)));
    assertThat(signals.weight(event(EventKind.OTHER, 0))).isZero();
  }

  @Test
  void onlyWatchingIsEngagement() {
    assertThat(signals.engaged(event(EventKind.HEARTBEAT, 30))).isTrue();
    assertThat(signals.engaged(event(EventKind.HEARTBEAT, 4))).isFalse();
    assertThat(signals.engaged(event(EventKind.COMPLETE, 0))).isTrue();
    assertThat(signals.engaged(event(EventKind.LIKE, 0))).isTrue();
    assertThat(signals.engaged(event(EventKind.PLAY, 0))).isFalse();
    assertThat(signals.engaged(event(EventKind.IMPRESSION, 0))).isFalse();
    assertThat(signals.engaged(event(EventKind.SKIP, 200))).isFalse();
  }
}
