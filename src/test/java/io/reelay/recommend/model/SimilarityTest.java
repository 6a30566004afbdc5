package io.reelay.recommend.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SimilarityTest {

  @Test
  void normalisedMeasuresDoNotLetAHitSwampANiche() {
    // Seed popularity 10. A niche item (pop 10) co-watched 5 times; a hit (pop 1000) co-watched 8 times.
    assertThat(Similarity.COUNT.of(8, 10, 1000)).isGreaterThan(Similarity.COUNT.of(5, 10, 10));
    for (Similarity s : new Similarity[] {Similarity.COSINE, Similarity.JACCARD, Similarity.LIFT}) {
      assertThat(s.of(5, 10, 10)).as(s.name()).isGreaterThan(s.of(8, 10, 1000));
    }
  }

  @Test
  void formulas() {
    assertThat(Similarity.COSINE.of(4, 4, 16)).isCloseTo(0.5, within(1e-12));
    assertThat(Similarity.JACCARD.of(4, 4, 16)).isCloseTo(0.25, within(1e-12));
    assertThat(Similarity.LIFT.of(4, 4, 16)).isCloseTo(1.0 / 16, within(1e-12));
    assertThat(Similarity.COSINE.of(4, 0, 16)).as("no popularity read: no evidence").isZero();
    assertThat(Similarity.COSINE.of(0, 4, 16)).isZero();
  }

  @Test
  void forwardDecayCancelsForCosineAndJaccard() {
    double f = new ForwardDecay(0, 1000).scale(7_000); // every stored value carries the same factor
    assertThat(Similarity.COSINE.of(4 * f, 4 * f, 16 * f)).isCloseTo(Similarity.COSINE.of(4, 4, 16), within(1e-12));
    assertThat(Similarity.JACCARD.of(4 * f, 4 * f, 16 * f)).isCloseTo(Similarity.JACCARD.of(4, 4, 16), within(1e-12));
  }
}
