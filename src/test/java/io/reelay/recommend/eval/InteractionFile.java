package io.reelay.recommend.eval;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes interaction files: CSV without quoting, {@code user,item,value,timestamp[,tags[,creator]]},
 * tags {@code |}-separated; a first line that starts with {@code user,} is a header. Timestamps below 10^11
 * are epoch seconds (MovieLens), others epoch milliseconds.
 */
final class InteractionFile {

  private InteractionFile() {
  }

  static List<Row> read(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank() || (n == 1 && line.startsWith("user,"))) {
          continue;
        }
        rows.add(parse(line, n));
      }
    }
    return rows;
  }

  static Row parse(String line, int lineNumber) {
    String[] f = line.split(",", -1);
    if (f.length < 4) {
      throw new IllegalArgumentException("line " + lineNumber + ": want user,item,value,timestamp[,tags[,creator]]");
    }
    long t = Long.parseLong(f[3].trim());
    List<String> tags = f.length > 4 && !f[4].isBlank() ? Arrays.asList(f[4].trim().split("\\|")) : List.of();
    String creator = f.length > 5 && !f[5].isBlank() ? f[5].trim() : null;
    return new Row(f[0].trim(), f[1].trim(), Double.parseDouble(f[2].trim()), t < 100_000_000_000L ? t * 1000 : t,
        tags, creator);
  }

  static void write(Path file, List<Row> rows) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write("user,item,value,timestamp,tags,creator\n");
      for (Row r : rows) {
        out.write(r.user() + "," + r.item() + "," + String.format(java.util.Locale.ROOT, "%.3f", r.value()) + ","
            + r.time() + "," + String.join("|", r.tags()) + "," + (r.creator() == null ? "" : r.creator()) + "\n");
      }
    }
  }
}
