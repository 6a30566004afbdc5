package io.reelay.recommend.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Folds events into the profile state, one event at a time. An event costs at most one read (the subject's
 * last {@code coWindow} views, only for an engaged event) and {@code O(coWindow + tags)} writes, sent as one
 * batch. Events of one subject must be recorded in order, one after the other (the read-then-write on the
 * recent history is not atomic); different subjects may interleave freely, as every other write is an
 * increment. Not thread-safe (the trim counter): one updater per consumer.
 */
public final class ProfileUpdater {

  /** Items whose co-watch key is kept: the catalog's hot set, a few MB at most. */
  private static final int CO_KEYS_KEPT = 50_000;

  private final ProfileStore store;
  private final ModelSettings settings;
  private long views;
  /**
   * Co-watch keys by item: an event makes up to {@code 2 · coWindow} of them, and a batch folds them by key, so one
   * String per item (its hash computed once) spares a concatenation and a hash per pair. Cleared when full.
   */
  private final Map<String, String> coWatchedKeys = new HashMap<>();

  public ProfileUpdater(ProfileStore store, ModelSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  public CompletionStage<Void> record(Interaction e) {
    double w = settings.signals().weight(e);
    if (!(w > 0 && settings.signals().engaged(e))) {
      List<Write> writes = writes(e, List.of());
      return writes.isEmpty() ? CompletableFuture.completedFuture(null) : store.write(writes);
    }
    return store.range(ProfileKeys.userRecent(e.subject()), settings.coWindow())
        .thenCompose(recent -> store.write(writes(e, recent)));
  }

  /**
   * The writes an event makes, given the subject's recent history as stored (newest first; ignored unless
   * the event is an engaged one). Pure but for the trim counter (and a cache of keys).
   */
  public List<Write> writes(Interaction e, List<String> recent) {
    List<RecentEntry> decoded = new ArrayList<>(recent.size());
    recent.forEach(r -> decoded.add(RecentEntry.decode(r)));
    return writesAfter(e, decoded);
  }

  /** {@link #writes}, the history already decoded: a caller that keeps histories decodes each entry once. */
  public List<Write> writesAfter(Interaction e, List<RecentEntry> recent) {
    double w = settings.signals().weight(e);
    List<Write> out = new ArrayList<>(8 + 2 * e.tags().size() + 2 * recent.size());
    String user = e.subject();
    double profileScale = settings.profile().scale(e.time());
    if (w != 0) {
      String tags = ProfileKeys.userTags(user);
      for (String tag : e.tags()) {
        out.add(new Write.ZIncrBy(tags, tag, w * profileScale));
      }
    }
    switch (e.kind()) {
      case COMPLETE -> out.add(new Write.SAdd(ProfileKeys.userCompleted(user), e.item()));
      case DISLIKE -> out.add(new Write.SAdd(ProfileKeys.userDisliked(user), e.item()));
      default -> {
      }
    }
    if (!(w > 0 && settings.signals().engaged(e))) {
      return out;
    }
    double trendScale = settings.trending().scale(e.time());
    out.add(new Write.ZIncrBy(ProfileKeys.popular(), e.item(), w * profileScale));
    out.add(new Write.ZIncrBy(ProfileKeys.trending(), e.item(), w * trendScale));
    for (String tag : e.tags()) {
      out.add(new Write.ZIncrBy(ProfileKeys.trending(tag), e.item(), w * trendScale));
    }
    // Co-watch: this view's weight goes to each distinct earlier view of the session, both directions, so
    // a pair's weight is the watch time of the later of its two views (the earlier one's was credited when
    // it was itself the later view of another pair).
    Set<String> paired = new HashSet<>();
    List<String> partners = new ArrayList<>(recent.size());
    boolean continuing = false;
    for (int i = 0; i < recent.size(); i++) {
      RecentEntry prior = recent.get(i);
      if (i == 0 && prior.item().equals(e.item())) {
        continuing = true; // another heartbeat of the view at the head of the history
      }
      if (e.time() - prior.time() > settings.session().toMillis()) {
        break; // newest first: the rest is older still
      }
      if (!prior.item().equals(e.item()) && paired.add(prior.item())) {
        partners.add(prior.item());
      }
    }
    // The viewed item's own set first, its increments one after another (a fold looks its key up once).
    String coWatched = coWatched(e.item());
    for (String partner : partners) {
      out.add(new Write.ZIncrBy(coWatched, partner, w * profileScale));
    }
    for (String partner : partners) {
      out.add(new Write.ZIncrBy(coWatched(partner), e.item(), w * profileScale));
    }
    if (!continuing) {
      out.add(new Write.LPushTrim(ProfileKeys.userRecent(user), new RecentEntry(e.time(), e.item()).encode(),
          settings.historySize()));
      out.add(new Write.HSet(ProfileKeys.item(e.item()), ItemMeta.fields(e.creator(), e.tags())));
      if (++views % settings.trimEvery() == 0) {
        out.add(new Write.ZTrim(ProfileKeys.coWatched(e.item()), settings.coKeep()));
        out.add(new Write.ZTrim(ProfileKeys.userTags(user), settings.coKeep()));
      }
    }
    return out;
  }

  private String coWatched(String item) {
    String key = coWatchedKeys.get(item);
    if (key == null) {
      if (coWatchedKeys.size() >= CO_KEYS_KEPT) {
        coWatchedKeys.clear();
      }
      key = ProfileKeys.coWatched(item);
      coWatchedKeys.put(item, key);
    }
    return key;
  }
}
