package io.reelay.recommend.builder;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.recommend.model.Write;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldedWritesTest {

  @Test
  void repeatedUpdatesOfOneKeyFoldAndKeepTheirOrder() {
    FoldedWrites folded = new FoldedWrites();
    folded.add(List.of(new Write.ZIncrBy("t", "anime", 0.25), new Write.ZIncrBy("t", "nba", 1),
        new Write.SAdd("done", "v1"), new Write.LPushTrim("recent", "1 v1", 50),
        new Write.HSet("item", Map.of("tags", "anime"))));
    folded.add(List.of(new Write.ZIncrBy("t", "anime", 0.5), new Write.ZTrim("t", 200),
        new Write.SAdd("done", "v1"), new Write.LPushTrim("recent", "2 v2", 50),
        new Write.HSet("item", Map.of("tags", "anime,cats"))));
    Map<String, List<Write>> byKey = folded.byKey();
    assertThat(byKey.get("t")).containsExactly(new Write.ZIncrBy("t", "anime", 0.75),
        new Write.ZIncrBy("t", "nba", 1), new Write.ZTrim("t", 200));
    assertThat(byKey.get("done")).containsExactly(new Write.SAdd("done", "v1"));
    assertThat(byKey.get("recent")).containsExactly(new Write.LPushTrim("recent", "1 v1", 50),
        new Write.LPushTrim("recent", "2 v2", 50));
    assertThat(byKey.get("item")).containsExactly(new Write.HSet("item", Map.of("tags", "anime,cats")));
    assertThat(folded.added()).isEqualTo(10);
  }

  @Test
  void chunksNeverSplitAKey() {
    FoldedWrites folded = new FoldedWrites();
    for (int i = 0; i < 3; i++) {
      folded.add(List.of(new Write.LPushTrim("list" + i, "a", 5), new Write.LPushTrim("list" + i, "b", 5)));
    }
    // Each key: 2 × (LPUSH + LTRIM) = 4 commands; at most 6 per chunk: one key per chunk.
    List<List<Write>> chunks = folded.chunks(6);
    assertThat(chunks).hasSize(3).allSatisfy(c -> assertThat(c).hasSize(2));
    assertThat(folded.chunks(100)).hasSize(1);
  }
}
