package io.reelay.recommend.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chronological leave-last-out split: each user's last interactions are held out, the rest is training.
 * By default the last 25% of each user's rows (at least one, and a user with a single row is all training),
 * the proportion of the 75/25 per-user split the Microsoft Recommenders SAR MovieLens figures use — theirs
 * is random per user, this one predicts the future, which is harder. {@code holdoutCount > 0} holds out
 * exactly that many instead (users with no more rows than that are all training).
 */
record Split(List<Row> train, Map<String, List<Row>> test) {

  static final double DEFAULT_FRACTION = 0.25;

  static Split chronological(List<Row> rows, double fraction, int holdoutCount) {
    Map<String, List<Row>> byUser = new LinkedHashMap<>();
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong(Row::time)); // stable: file order breaks ties
    for (Row r : sorted) {
      byUser.computeIfAbsent(r.user(), u -> new ArrayList<>()).add(r);
    }
    List<Row> train = new ArrayList<>();
    Map<String, List<Row>> test = new LinkedHashMap<>();
    for (Map.Entry<String, List<Row>> e : byUser.entrySet()) {
      List<Row> list = e.getValue();
      int held = holdoutCount > 0 ? (list.size() > holdoutCount ? holdoutCount : 0)
          : list.size() < 2 ? 0 : Math.max(1, (int) Math.round(list.size() * fraction));
      train.addAll(list.subList(0, list.size() - held));
      if (held > 0) {
        test.put(e.getKey(), List.copyOf(list.subList(list.size() - held, list.size())));
      }
    }
    train.sort(Comparator.comparingLong(Row::time));
    return new Split(train, test);
  }
}
