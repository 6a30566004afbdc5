package io.reelay.live;

import io.reelay.node.Ids;
import io.reelay.node.auth.Principal;
import io.reelay.node.auth.Role;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.Consumer;

/** Creating streams and managing their keys; the rules of who may do what. */
final class StreamService {

  static final int MAX_TITLE = 200;
  private static final String DEFAULT_TITLE = "Live";
  private static final int ID_BYTES = 9; // 12 characters
  private static final int RECENT_SESSIONS = 20;

  private final StreamStore store;
  private final Consumer<String> keyWithdrawn;

  /** @param keyWithdrawn told the id of a stream whose key was rotated or revoked: its publisher must go */
  StreamService(StreamStore store, Consumer<String> keyWithdrawn) {
    this.store = store;
    this.keyWithdrawn = keyWithdrawn;
  }

  /** A new stream of the creator's, with its key (shown this once). */
  Future<KeyedStream> create(Principal creator, String rawTitle) {
    String key = StreamKeys.generate();
    return store.create(Ids.random(ID_BYTES), creator.userId(), title(rawTitle), StreamKeys.hash(key))
        .map(stream -> new KeyedStream(stream, key));
  }

  Future<LiveStream> find(String id) {
    return store.find(id).compose(found -> found.map(Future::succeededFuture).orElseGet(() -> notFound(id)));
  }

  /** The stream with its latest broadcasts (and the videos their recordings became). */
  Future<JsonObject> describe(String id) {
    return find(id).compose(stream -> store.recentSessions(id, RECENT_SESSIONS)
        .map(sessions -> stream.toJson().put("broadcasts", sessions)));
  }

  /** A new key; the old one stops working at once, and a publisher using it is disconnected. */
  Future<KeyedStream> rotateKey(Principal requester, String id) {
    String key = StreamKeys.generate();
    return manageable(requester, id)
        .compose(stream -> store.replaceKey(id, StreamKeys.hash(key)))
        .compose(updated -> withdrawn(id, updated))
        .map(stream -> new KeyedStream(stream, key));
  }

  /** No key any more: nobody can publish until the key is rotated; a publisher using it is disconnected. */
  Future<LiveStream> revokeKey(Principal requester, String id) {
    return manageable(requester, id).compose(stream -> store.replaceKey(id, null)).compose(updated -> withdrawn(id, updated));
  }

  /** The stream a publisher's key opens, if any. */
  Future<Optional<LiveStream>> byKey(String key) {
    return StreamKeys.plausible(key) ? store.findByKeyHash(StreamKeys.hash(key)) : Future.succeededFuture(Optional.empty());
  }

  private Future<LiveStream> withdrawn(String id, Optional<LiveStream> updated) {
    keyWithdrawn.accept(id);
    return updated.map(Future::succeededFuture).orElseGet(() -> notFound(id));
  }

  private Future<LiveStream> manageable(Principal requester, String id) {
    return find(id).compose(stream -> stream.ownerId() == requester.userId() || requester.role() == Role.ADMIN
        ? Future.succeededFuture(stream)
        : Future.failedFuture(new ApiException(403, "forbidden", "only the owner or an admin may manage stream " + id)));
  }

  static String title(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_TITLE;
    }
    String title = raw.strip();
    if (title.length() > MAX_TITLE || title.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("title must be at most " + MAX_TITLE + " characters, without control characters");
    }
    return title;
  }

  private static <T> Future<T> notFound(String id) {
    return Future.failedFuture(new ApiException(404, "not_found", "no stream " + id));
  }

  /** A stream with its freshly made key. */
  record KeyedStream(LiveStream stream, String key) {}
}
