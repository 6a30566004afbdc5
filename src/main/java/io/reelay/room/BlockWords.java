package io.reelay.room;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The configured block-word list; matching ignores case and Unicode compatibility forms (ｆｕｌｌｗｉｄｔｈ). */
final class BlockWords {

  private final List<String> words;

  BlockWords(List<String> words) {
    this.words = words.stream().map(BlockWords::normalise).filter(w -> !w.isEmpty()).toList();
  }

  Optional<String> firstIn(String text) {
    if (words.isEmpty()) {
      return Optional.empty();
    }
    String normalised = normalise(text);
    return words.stream().filter(normalised::contains).findFirst();
  }

  private static String normalise(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }
}
