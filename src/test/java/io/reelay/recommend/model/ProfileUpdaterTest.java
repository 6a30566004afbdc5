package io.reelay.recommend.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileUpdaterTest {

  private static final long MIN = 60_000;
  private final ModelSettings settings = ModelSettings.defaults(0);
  private final MemoryProfileStore store = new MemoryProfileStore();
  private final ProfileUpdater updater = new ProfileUpdater(store, settings);

  private static Interaction heartbeat(String item, long time, double seconds) {
    return new Interaction(EventKind.HEARTBEAT, "u1", item, List.of("anime", "mecha"), "c1", time, seconds);
  }

  private void record(Interaction e) {
    updater.record(e).toCompletableFuture().join();
  }

  private List<Scored> top(String key) {
    return store.top(key, 10).toCompletableFuture().join();
  }

  @Test
  void anEngagedEventFeedsAffinityPopularityTrendingHistoryAndTheItemFacts() {
    Interaction e = heartbeat("v1", 10 * MIN, 300);
    double w = settings.signals().weight(e) * settings.profile().scale(e.time());
    double wt = settings.signals().weight(e) * settings.trending().scale(e.time());
    assertThat(updater.writes(e, List.of())).containsExactlyInAnyOrder(
        new Write.ZIncrBy(ProfileKeys.userTags("u1"), "anime", w),
        new Write.ZIncrBy(ProfileKeys.userTags("u1"), "mecha", w),
        new Write.ZIncrBy(ProfileKeys.popular(), "v1", w),
        new Write.ZIncrBy(ProfileKeys.trending(), "v1", wt),
        new Write.ZIncrBy(ProfileKeys.trending("anime"), "v1", wt),
        new Write.ZIncrBy(ProfileKeys.trending("mecha"), "v1", wt),
        new Write.LPushTrim(ProfileKeys.userRecent("u1"), (10 * MIN) + " v1", settings.historySize()),
        new Write.HSet(ProfileKeys.item("v1"), java.util.Map.of("creator", "c1", "tags", "anime,mecha")));
  }

  @Test
  void coWatchPairsTheViewWithEarlierViewsOfTheSessionBothWays() {
    Interaction e = heartbeat("v3", 200 * MIN, 300);
    double w = settings.signals().weight(e) * settings.profile().scale(e.time());
    List<String> recent = List.of(new RecentEntry(190 * MIN, "v2").encode(), new RecentEntry(180 * MIN, "v2").encode(),
        new RecentEntry(150 * MIN, "v1").encode(), new RecentEntry(60 * MIN, "v0").encode()); // v0: 140 min ago
    List<Write> writes = updater.writes(e, recent);
    assertThat(writes).filteredOn(x -> x instanceof Write.ZIncrBy z && z.key().endsWith(":co")).containsExactlyInAnyOrder(
        new Write.ZIncrBy(ProfileKeys.coWatched("v3"), "v2", w), new Write.ZIncrBy(ProfileKeys.coWatched("v2"), "v3", w),
        new Write.ZIncrBy(ProfileKeys.coWatched("v3"), "v1", w), new Write.ZIncrBy(ProfileKeys.coWatched("v1"), "v3", w));
    assertThat(writes.size()).as("O(window): bounded by 2 · coWindow + tags + a few").isLessThanOrEqualTo(2 * settings.coWindow() + 12);
  }

  @Test
  void heartbeatsOfOneViewAddWatchTimeButOneHistoryEntry() {
    record(heartbeat("v1", 0, 60));
    record(heartbeat("v2", 5 * MIN, 60));
    record(heartbeat("v2", 6 * MIN, 60));
    record(heartbeat("v2", 7 * MIN, 60));
    assertThat(store.range(ProfileKeys.userRecent("u1"), 10).toCompletableFuture().join())
        .containsExactly(5 * MIN + " v2", "0 v1");
    double one = settings.signals().weight(heartbeat("v2", 0, 60));
    assertThat(top(ProfileKeys.coWatched("v1")).get(0).score()).as("three heartbeats' watch time, decayed forward")
        .isCloseTo(one * (settings.profile().scale(5 * MIN) + settings.profile().scale(6 * MIN)
            + settings.profile().scale(7 * MIN)), within(1e-9));
    assertThat(top(ProfileKeys.coWatched("v2"))).extracting(Scored::member).containsExactly("v1");
  }

  @Test
  void aQuickSkipIsNegativeAndNeverCoWatched() {
    record(heartbeat("v1", 0, 120));
    record(new Interaction(EventKind.PLAY, "u1", "v9", List.of("nba"), "c9", MIN, 0));
    record(new Interaction(EventKind.SKIP, "u1", "v9", List.of("nba"), "c9", MIN, 3));
    record(heartbeat("v2", 2 * MIN, 120));
    assertThat(top(ProfileKeys.userTags("u1"))).extracting(Scored::member).endsWith("nba");
    assertThat(top(ProfileKeys.userTags("u1")).get(2).score()).isNegative();
    assertThat(top(ProfileKeys.coWatched("v2"))).extracting(Scored::member).containsExactly("v1");
    assertThat(top(ProfileKeys.popular())).extracting(Scored::member).doesNotContain("v9");
  }

  @Test
  void completionsAndDislikesAreRemembered() {
    record(Interaction.of(EventKind.COMPLETE, "u1", "v1", List.of("anime"), "c1", 0));
    record(Interaction.of(EventKind.DISLIKE, "u1", "v2", List.of("nba"), "c2", 0));
    assertThat(store.contains(ProfileKeys.userCompleted("u1"), List.of("v1", "v2")).toCompletableFuture().join())
        .containsExactly(true, false);
    assertThat(store.contains(ProfileKeys.userDisliked("u1"), List.of("v1", "v2")).toCompletableFuture().join())
        .containsExactly(false, true);
  }
}
