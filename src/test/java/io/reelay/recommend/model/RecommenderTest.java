package io.reelay.recommend.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommenderTest {

  private static final long MIN = 60_000;
  private final ModelSettings settings = ModelSettings.defaults(0);
  private final MemoryProfileStore store = new MemoryProfileStore();
  private final ProfileUpdater updater = new ProfileUpdater(store, settings);
  private final Recommender recommender = new Recommender(store, settings);
  private long clock;

  /** The catalogue: item → (creator, tag). */
  private static final Map<String, List<String>> ITEMS = Map.ofEntries(
      Map.entry("a1", List.of("c1", "anime")), Map.entry("a2", List.of("c1", "anime")),
      Map.entry("a3", List.of("c2", "anime")), Map.entry("a4", List.of("c2", "anime")),
      Map.entry("a5", List.of("c5", "anime")),
      Map.entry("n1", List.of("c3", "nba")), Map.entry("n2", List.of("c3", "nba")),
      Map.entry("n3", List.of("c6", "nba")), Map.entry("n4", List.of("c7", "nba")),
      Map.entry("k1", List.of("c4", "cooking")), Map.entry("k2", List.of("c4", "cooking")),
      Map.entry("k3", List.of("c8", "cooking")));

  private Interaction event(EventKind kind, String user, String item, double seconds) {
    List<String> facts = ITEMS.get(item);
    return new Interaction(kind, user, item, List.of(facts.get(1)), facts.get(0), clock, seconds);
  }

  private void watch(String user, String... items) {
    for (String item : items) {
      clock += MIN;
      updater.record(event(EventKind.HEARTBEAT, user, item, 240)).toCompletableFuture().join();
    }
  }

  private void send(EventKind kind, String user, String item, double seconds) {
    clock += MIN;
    updater.record(event(kind, user, item, seconds)).toCompletableFuture().join();
  }

  /** Background viewers: nba trends most, then anime, then cooking; a1 and a2 are watched together. */
  private void world() {
    for (int u = 0; u < 6; u++) {
      watch("bg" + u, "n1", "n2", "n3", "n4");
    }
    for (int u = 0; u < 4; u++) {
      watch("fan" + u, "a1", "a2");
      clock += 3 * 60 * MIN; // a new session: no co-watch across it
      watch("fan" + u, "a3", "a4", "a5");
    }
    watch("cook", "k1", "k2", "k3");
  }

  private List<Recommendation> page(String user, int limit) {
    return recommender.recommend(user, limit, List.of()).toCompletableFuture().join();
  }

  private static List<String> items(List<Recommendation> page) {
    return page.stream().map(Recommendation::item).toList();
  }

  @Test
  void anEmptyStoreGivesAnEmptyPage() {
    assertThat(page("anyone", 10)).isEmpty();
    assertThat(recommender.related("v", 10).toCompletableFuture().join()).isEmpty();
  }

  @Test
  void coldStartIsTrending() {
    world();
    List<Recommendation> page = page("newcomer", 4);
    assertThat(items(page)).hasSize(4).allMatch(i -> i.startsWith("n") || i.startsWith("a"));
    assertThat(items(page).get(0)).startsWith("n");
    assertThat(page).extracting(Recommendation::reason).containsOnly(Reason.TRENDING);
  }

  @Test
  void whatWasJustWatchedPullsItsCoWatchedItemsAndItsTag() {
    world();
    watch("viewer", "a1");
    List<Recommendation> page = page("viewer", 6);
    assertThat(page.get(0).item()).isEqualTo("a2");
    assertThat(page.get(0).reason()).isEqualTo(new Reason(Reason.Kind.BECAUSE_YOU_WATCHED, "a1"));
    assertThat(page.get(0).reason().text()).isEqualTo("because you watched a1");
    assertThat(items(page)).as("just watched").doesNotContain("a1");
    assertThat(page).extracting(Recommendation::reason).contains(new Reason(Reason.Kind.POPULAR_IN, "anime"));
    assertThat(new Reason(Reason.Kind.POPULAR_IN, "anime").text()).isEqualTo("popular in anime");
  }

  @Test
  void completedAndDislikedItemsAreLeftOut() {
    world();
    send(EventKind.COMPLETE, "viewer", "n1", 0);
    send(EventKind.DISLIKE, "viewer", "n2", 0);
    assertThat(items(page("viewer", 8))).doesNotContain("n1", "n2").contains("n3");
  }

  @Test
  void quickSkipsOfATagPushItsItemsDown() {
    world();
    assertThat(items(page("skipper", 2))).allMatch(i -> i.startsWith("n"));
    for (String item : List.of("n1", "n2")) {
      send(EventKind.PLAY, "skipper", item, 0);
      send(EventKind.SKIP, "skipper", item, 2);
    }
    watch("skipper", "k1");
    List<String> page = items(page("skipper", 6));
    assertThat(page.subList(0, 3)).noneMatch(i -> i.startsWith("n"));
  }

  @Test
  void aPageHoldsAtMostNPerCreatorAndPerTag() {
    world();
    Recommender strict = new Recommender(store, settings.withDiversity(1, 2));
    List<Recommendation> page = strict.recommend("newcomer", 10, List.of()).toCompletableFuture().join();
    assertThat(items(page).stream().map(i -> ITEMS.get(i).get(0)).distinct().count()).isEqualTo(page.size());
    assertThat(items(page).stream().filter(i -> i.startsWith("n")).count()).isEqualTo(2);
    assertThat(items(page).stream().filter(i -> i.startsWith("a")).count()).isEqualTo(2);
  }

  @Test
  void diversityIsGreedyInRankOrder() {
    List<ItemMeta> ranked = List.of(new ItemMeta("c1", List.of("x")), new ItemMeta("c1", List.of("y")),
        new ItemMeta("c2", List.of("x")), new ItemMeta("c3", List.of("x", "y")), new ItemMeta(null, List.of("z")),
        new ItemMeta("c4", List.of()));
    assertThat(Diversity.page(ranked, m -> m, 10, 1, 1)).containsExactly(ranked.get(0), ranked.get(4), ranked.get(5));
    assertThat(Diversity.page(ranked, m -> m, 3, 2, 2)).containsExactly(ranked.get(0), ranked.get(1), ranked.get(2));
  }

  @Test
  void liveStreamsInAFavouriteTagJoinThePage() {
    world();
    watch("viewer", "k1");
    List<LiveItem> live = List.of(new LiveItem("s1", "c9", List.of("cooking"), 500),
        new LiveItem("s2", "c10", List.of("news"), 50));
    List<Recommendation> page = recommender.recommend("viewer", 5, live).toCompletableFuture().join();
    assertThat(page).filteredOn(r -> r.item().equals("s1")).extracting(Recommendation::reason)
        .containsExactly(new Reason(Reason.Kind.LIVE_NOW, "cooking"));
    assertThat(new Reason(Reason.Kind.LIVE_NOW, "cooking").text()).isEqualTo("live now in cooking");
  }

  @Test
  void relatedAndTrending() {
    world();
    List<Recommendation> related = recommender.related("a1", 3).toCompletableFuture().join();
    assertThat(related.get(0)).extracting(Recommendation::item, Recommendation::reason)
        .containsExactly("a2", new Reason(Reason.Kind.WATCHED_TOGETHER, "a1"));
    assertThat(items(related)).hasSize(3).doesNotContain("a1").allMatch(i -> i.startsWith("a"));
    assertThat(items(recommender.trending("cooking", 5).toCompletableFuture().join()))
        .containsExactlyInAnyOrder("k1", "k2", "k3");
    assertThat(items(recommender.trending(null, 1).toCompletableFuture().join())).allMatch(i -> i.startsWith("n"));
  }
}
