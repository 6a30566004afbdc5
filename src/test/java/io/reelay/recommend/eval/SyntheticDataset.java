package io.reelay.recommend.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A generated interaction file with planted structure, the same for the same seed:
 * <ul>
 * <li>items belong to creators; a creator has a home tag, and a third of the items get a second, random tag;
 *     items come in series (2–6 episodes of one creator);</li>
 * <li>popularity is skewed: within a tag, items are drawn with weight 1 / rank^0.8, and tags themselves are
 *     unequally popular;</li>
 * <li>each user has two planted tags (70 / 30) and watches in sessions: 85% of sessions in a planted tag,
 *     the rest noise drawn by global popularity; within a session the next episode of a series follows with
 *     probability 0.7 (the planted co-watch pairs), else another item of the tag;</li>
 * <li>watch fractions: in a planted tag mostly high (60% finished), noise mostly low (half are quick skips);
 *     users do not rewatch; sessions are spread over 60 days, items 5–15 minutes apart.</li>
 * </ul>
 *
 * <pre>SyntheticDataset OUT.csv [--seed 1] [--users 1000] [--items 2000]</pre>
 */
final class SyntheticDataset {

  static final List<String> TAGS = List.of("anime", "nba", "cooking", "gaming", "music", "travel", "science",
      "comedy", "news", "fitness", "football", "movies", "tech", "fashion", "pets", "cars", "art", "history",
      "kids", "finance");
  static final long START = 1_769_904_000_000L; // 2026-02-01T00:00:00Z
  static final double NEXT_EPISODE = 0.7;

  /** The file's rows and the structure planted in them. */
  record Dataset(List<Row> rows, Map<String, Set<String>> userTags, Map<String, String> nextEpisode) {
  }

  private record Item(String id, List<String> tags, String creator, String next) {
  }

  private SyntheticDataset() {
  }

  static Dataset generate(long seed, int users, int items) {
    Random rnd = new Random(seed);
    int creators = Math.max(1, items / 10);
    // Items, grouped into series per creator.
    List<Item> catalogue = new ArrayList<>();
    Map<String, String> next = new HashMap<>();
    int made = 0;
    while (made < items) {
      String creator = "c" + rnd.nextInt(creators);
      String home = TAGS.get(Integer.parseInt(creator.substring(1)) % TAGS.size());
      int episodes = Math.min(items - made, 2 + rnd.nextInt(5));
      List<String> tags = new ArrayList<>(List.of(home));
      if (rnd.nextDouble() < 1.0 / 3) {
        String second = TAGS.get(rnd.nextInt(TAGS.size()));
        if (!second.equals(home)) {
          tags.add(second);
        }
      }
      for (int e = 0; e < episodes; e++) {
        String id = "v" + (made + e);
        String following = e + 1 < episodes ? "v" + (made + e + 1) : null;
        catalogue.add(new Item(id, tags, creator, following));
        if (following != null) {
          next.put(id, following);
        }
      }
      made += episodes;
    }
    // Popularity: a random rank per item; weight 1 / rank^0.8.
    List<Item> shuffled = new ArrayList<>(catalogue);
    java.util.Collections.shuffle(shuffled, rnd);
    Map<String, Double> weight = new HashMap<>();
    for (int i = 0; i < shuffled.size(); i++) {
      weight.put(shuffled.get(i).id(), 1 / Math.pow(i + 1, 0.8));
    }
    Map<String, Item> byId = new HashMap<>();
    Map<String, List<Item>> byTag = new HashMap<>();
    for (Item it : catalogue) {
      byId.put(it.id(), it);
      it.tags().forEach(t -> byTag.computeIfAbsent(t, x -> new ArrayList<>()).add(it));
    }
    Map<String, Picker> tagPickers = new HashMap<>();
    byTag.forEach((t, list) -> tagPickers.put(t, new Picker(list, weight)));
    Picker global = new Picker(catalogue, weight);
    double[] tagWeight = new double[TAGS.size()];
    for (int t = 0; t < tagWeight.length; t++) {
      tagWeight[t] = 1 / Math.pow(t + 1, 0.5);
    }

    List<Row> rows = new ArrayList<>();
    Map<String, Set<String>> planted = new HashMap<>();
    for (int u = 0; u < users; u++) {
      String user = "u" + u;
      String first = TAGS.get(pick(tagWeight, rnd));
      String second;
      do {
        second = TAGS.get(pick(tagWeight, rnd));
      } while (second.equals(first) || !byTag.containsKey(second));
      planted.put(user, new LinkedHashSet<>(List.of(first, second)));
      Set<String> watched = new HashSet<>();
      int sessions = 4 + rnd.nextInt(9);
      List<Long> starts = new ArrayList<>();
      for (int s = 0; s < sessions; s++) {
        starts.add(START + (long) (rnd.nextDouble() * 60 * 86_400_000L));
      }
      starts.sort(Comparator.naturalOrder());
      for (long t : starts) {
        boolean noise = rnd.nextDouble() >= 0.85;
        String tag = rnd.nextDouble() < 0.7 ? first : second;
        Item current = null;
        int length = 3 + rnd.nextInt(6);
        for (int v = 0; v < length; v++) {
          Item chosen = null;
          if (noise) {
            chosen = global.fresh(rnd, watched);
          } else if (current != null && current.next() != null && !watched.contains(current.next())
              && rnd.nextDouble() < NEXT_EPISODE) {
            chosen = byId.get(current.next());
          } else if (byTag.containsKey(tag)) {
            chosen = tagPickers.get(tag).fresh(rnd, watched);
          }
          if (chosen == null) {
            break;
          }
          watched.add(chosen.id());
          boolean liked = !noise && chosen.tags().contains(tag);
          double fraction = liked ? (rnd.nextDouble() < 0.6 ? 1.0 : 0.4 + 0.5 * rnd.nextDouble())
              : rnd.nextDouble() < 0.5 ? 0.015 * rnd.nextDouble() : 0.1 + 0.4 * rnd.nextDouble();
          rows.add(new Row(user, chosen.id(), fraction, t, chosen.tags(), chosen.creator()));
          t += 300_000 + (long) (rnd.nextDouble() * 600_000);
          current = chosen;
        }
      }
    }
    rows.sort(Comparator.comparingLong(Row::time));
    return new Dataset(rows, planted, next);
  }

  private static int pick(double[] weights, Random rnd) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = rnd.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Weighted draws from a fixed list (cumulative weights, binary search). */
  private static final class Picker {
    final List<Item> items;
    final double[] cumulative;

    Picker(List<Item> items, Map<String, Double> weight) {
      this.items = items;
      cumulative = new double[items.size()];
      double sum = 0;
      for (int i = 0; i < items.size(); i++) {
        sum += weight.get(items.get(i).id());
        cumulative[i] = sum;
      }
    }

    /** A draw not yet watched, or null after a few tries (the user has seen most of it). */
    Item fresh(Random rnd, Set<String> watched) {
      for (int tries = 0; tries < 20; tries++) {
        double x = rnd.nextDouble() * cumulative[cumulative.length - 1];
        int i = java.util.Arrays.binarySearch(cumulative, x);
        Item it = items.get(i >= 0 ? i : Math.min(-i - 1, items.size() - 1));
        if (!watched.contains(it.id())) {
          return it;
        }
      }
      return null;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: SyntheticDataset OUT.csv [--seed 1] [--users 1000] [--items 2000]");
      System.exit(2);
    }
    long seed = 1;
    int users = 1000;
    int items = 2000;
    for (int i = 1; i < args.length; i += 2) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--users" -> users = Integer.parseInt(args[i + 1]);
        case "--items" -> items = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Dataset d = generate(seed, users, items);
    InteractionFile.write(Path.of(args[0]), d.rows());
    System.out.println(d.rows().size() + " rows, " + users + " users, " + items + " items, seed " + seed
        + " -> " + args[0]);
  }
}
