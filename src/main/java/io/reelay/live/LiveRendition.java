package io.reelay.live;

import io.reelay.live.hls.InitSegment;
import io.reelay.live.hls.LivePlaylist;
import io.reelay.live.hls.Part;
import io.reelay.live.hls.Segment;
import io.vertx.core.Promise;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One playable rendition of a broadcast, as the playback routes see it: the source's, or an ABR rung's. Its
 * playlist and held requests; everything here on the channel's context. Requests of every rendition wait in the
 * channel's one {@link BlockingReloads}, woken whenever any of its playlists changes.
 */
final class LiveRendition {

  private final LivePlaylist playlist;
  private final BlockingReloads reloads;
  private final LongSupplier clock;

  LiveRendition(LivePlaylist playlist, BlockingReloads reloads, LongSupplier clock) {
    this.playlist = playlist;
    this.reloads = reloads;
    this.clock = clock;
    playlist.onChange(() -> reloads.check(clock.getAsLong()));
  }

  LivePlaylist playlist() {
    return playlist;
  }

  boolean ready() {
    return playlist.ready();
  }

  String playlistText() {
    return playlist.text();
  }

  boolean has(long msn, int part) {
    return playlist.has(msn, part) || playlist.isEnded();
  }

  /** The first segment not yet finished; a request more than two beyond it is refused (RFC 8216bis). */
  long nextMsn() {
    return playlist.nextMsn();
  }

  /** Holds a request until {@code (msn, part)} is published; true if it was, false on timeout or end. */
  void await(long msn, int part, long timeoutMs, Promise<Boolean> answer) {
    awaitUntil(() -> has(msn, part), timeoutMs, answer);
  }

  /** Holds a request for a part (by its number in the stream) until it is published. */
  void awaitPart(long number, long timeoutMs, Promise<Boolean> answer) {
    awaitUntil(() -> playlist.lastPartNumber() >= number || playlist.isEnded(), timeoutMs, answer);
  }

  void awaitUntil(BooleanSupplier published, long timeoutMs, Promise<Boolean> answer) {
    if (published.getAsBoolean()) {
      answer.complete(true);
    } else {
      reloads.add(new BlockingReloads.Waiter(published, clock.getAsLong() + timeoutMs, answer));
    }
  }

  /** The part with this number in the stream, if still held. */
  Part part(long number) {
    return playlist.partNumbered(number);
  }

  /** Number of the last part published; the preload hint names the next one. */
  long lastPartNumber() {
    return playlist.lastPartNumber();
  }

  Segment segment(long msn) {
    return playlist.segment(msn);
  }

  InitSegment init(int version) {
    return playlist.init(version);
  }
}
