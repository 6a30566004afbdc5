package io.reelay.recommend.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Top-k ranking metrics with binary relevance, as Microsoft Recommenders defines them: per user, precision =
 * hits / k, recall = hits / relevant, hit rate = any hit, NDCG = DCG / ideal DCG with gain 1 / log2(rank + 1);
 * each averaged over users. Coverage: distinct recommended items / items in the training data.
 */
final class Metrics {

  private final int k;
  private final Set<String> recommended = new HashSet<>();
  private int users;
  private double hits;
  private double ndcg;
  private double precision;
  private double recall;

  Metrics(int k) {
    this.k = k;
  }

  void add(List<String> ranked, Set<String> relevant) {
    users++;
    int found = 0;
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      recommended.add(ranked.get(i));
      if (relevant.contains(ranked.get(i))) {
        found++;
        dcg += 1 / log2(i + 2);
      }
    }
    double ideal = 0;
    for (int i = 0; i < Math.min(k, relevant.size()); i++) {
      ideal += 1 / log2(i + 2);
    }
    hits += found > 0 ? 1 : 0;
    ndcg += ideal > 0 ? dcg / ideal : 0;
    precision += (double) found / k;
    recall += relevant.isEmpty() ? 0 : (double) found / relevant.size();
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  Result result(String name, int catalogue) {
    return new Result(name, users, hits / users, ndcg / users, precision / users, recall / users,
        (double) recommended.size() / catalogue);
  }

  record Result(String name, int users, double hitRate, double ndcg, double precision, double recall,
      double coverage) {

    String line(int k) {
      return String.format(java.util.Locale.ROOT, "%-22s HR@%d %.4f  NDCG@%d %.4f  P@%d %.4f  R@%d %.4f  coverage %.4f",
          name, k, hitRate, k, ndcg, k, precision, k, recall, coverage);
    }
  }
}
