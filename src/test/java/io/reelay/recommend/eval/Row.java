package io.reelay.recommend.eval;

import java.util.List;

/**
 * One line of an interaction file: {@code user,item,value,timestamp[,tags[,creator]]}.
 *
 * @param value a watch fraction in [0, 1], or a rating above 1 (read on a 1–5 scale)
 * @param time  epoch milliseconds
 * @param tags  the item's tags ({@code |}-separated in the file)
 * @param creator the item's creator, or null (an extension: the format has no creator column)
 */
record Row(String user, String item, double value, long time, List<String> tags, String creator) {

  Row {
    tags = List.copyOf(tags);
  }

  /** The value as a watch fraction: ratings r (1–5) become r / 5. */
  double watchFraction() {
    return value > 1 ? Math.min(value, 5) / 5 : Math.max(value, 0);
  }
}
