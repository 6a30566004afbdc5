package io.reelay.catalog;

import io.reelay.media.MediaInfo;
import io.reelay.node.Ids;
import io.reelay.node.NodeMetrics;
import io.reelay.node.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The video catalog: video records, the stored bytes they share, and the cache in front of them.
 * Safe to call from any context. Every change invalidates the cached copies of the videos it touched.
 *
 * <p>Transactions lock video rows before media rows, so they never wait on each other in a cycle.
 * Deleting a video and attaching the same bytes to another serialise on the media row lock.
 */
public final class CatalogService {

  private static final Pattern CONTENT_HASH = Pattern.compile("[0-9a-f]{64}");

  private final Vertx vertx;
  private final Pool pg;
  private final VideoStore videos = new VideoStore();
  private final VideoListing listing = new VideoListing();
  private final MediaStore media = new MediaStore();
  private final MediaFiles files;
  private final VideoCache cache;

  public CatalogService(Vertx vertx, Pool pg, RedisAPI redis, Path storageDir, NodeMetrics metrics) {
    this.vertx = vertx;
    this.pg = pg;
    this.files = new MediaFiles(vertx, storageDir);
    this.cache = new VideoCache(vertx, redis, metrics);
  }

  /** A new video awaiting its bytes (status uploading). */
  public Future<Video> createVideo(long ownerId, VideoDraft draft) {
    return videos.insert(pg, Ids.random(12), ownerId, draft);
  }

  /** The video, from the cache when there; fails with a 404 {@link ApiException} when missing. */
  public Future<Video> find(String id) {
    if (!Ids.wellFormed(id)) {
      return Future.failedFuture(notFound(id));
    }
    return cache.get(id).compose(cached -> cached != null ? Future.succeededFuture(cached)
        : videos.find(pg, id).compose(found -> found.isEmpty() ? Future.failedFuture(notFound(id))
            : cache.put(found.get()).map(found.get())));
  }

  public Future<VideoPage> list(VideoQuery query) {
    return listing.list(pg, query);
  }

  public Future<Video> update(String id, VideoPatch patch) {
    return videos.patch(pg, id, patch).compose(updated -> updated.isEmpty() ? Future.failedFuture(notFound(id))
        : cache.invalidate(List.of(id)).map(updated.get()));
  }

  /**
   * Gives an uploading video its bytes, in one transaction: new content is moved from
   * {@code stagedFile} into its media directory before commit (so a committed media row always
   * has its file); content already stored is shared, and the staged copy deleted after commit.
   * The video becomes processing. Fails with 410 when the video was deleted meanwhile and 409 when
   * it is no longer uploading, deleting the staged file either way: its bytes have no video to go to.
   * On any other failure the staged file is left (or put back) where it was, so the call can be retried.
   */
  public Future<ContentOutcome> attachContent(String videoId, String contentHash, long sizeBytes, Path stagedFile) {
    if (!CONTENT_HASH.matcher(contentHash).matches() || sizeBytes < 0) {
      return Future.failedFuture(ApiException.badRequest("content hash must be 64 lower-case hex digits, size >= 0"));
    }
    AtomicReference<String> movedTo = new AtomicReference<>();
    return pg.withTransaction(conn -> videos.lockAwaitingContent(conn, videoId)
            .compose(v -> media.insertOrLock(conn, contentHash, sizeBytes))
            .compose(row -> storeIfNew(row, stagedFile, movedTo)
                .compose(v -> videos.attach(conn, videoId, row))
                .map(row)))
        .recover(e -> undoAttach(e, stagedFile, movedTo.get()))
        .compose(row -> (row.created() ? Future.<Void>succeededFuture() : files.deleteFile(stagedFile))
            .compose(v -> cache.invalidate(List.of(videoId)))
            .map(v -> new ContentOutcome(!row.created(),
                new StoredMedia(row.contentHash(), files.source(row.path()), row.sizeBytes(), row.info()))));
  }

  private Future<Void> storeIfNew(MediaStore.MediaRow row, Path stagedFile, AtomicReference<String> movedTo) {
    if (!row.created()) {
      return Future.succeededFuture();
    }
    return files.moveIn(stagedFile, row.path()).andThen(done -> {
      if (done.succeeded()) {
        movedTo.set(row.path());
      }
    });
  }

  private <T> Future<T> undoAttach(Throwable failure, Path stagedFile, String movedTo) {
    Future<Void> undo = Future.succeededFuture();
    if (movedTo != null) {
      undo = files.moveBack(movedTo, stagedFile); // not committed: the upload may be attached again
    } else if (failure instanceof ApiException api && (api.status() == 410 || api.status() == 409)) {
      undo = files.deleteFile(stagedFile);
    }
    return undo.compose(v -> Future.failedFuture(failure));
  }

  /** Stores probe results on the media and every video of these bytes still processing; their ids. */
  public Future<List<String>> recordProbe(String contentHash, MediaInfo info) {
    return changeContent(conn -> videos.applyProbe(conn, contentHash, info),
        conn -> media.recordProbe(conn, contentHash, info).map((String) null))
        .compose(change -> cache.invalidate(change.videoIds()).map(change.videoIds()));
  }

  /** Unplayable bytes: every video of them fails with {@code reason}, and the media goes; their ids. */
  public Future<List<String>> rejectContent(String contentHash, String reason) {
    return changeContent(conn -> videos.failContent(conn, contentHash, reason),
        conn -> media.delete(conn, contentHash))
        .compose(change -> deleteDirIfRemoved(change.removedPath())
            .compose(v -> cache.invalidate(change.videoIds()))
            .map(change.videoIds()));
  }

  private record ContentChange(List<String> videoIds, String removedPath) {}

  /**
   * Videos, then the media row, then the videos again: the second pass reaches videos whose attach
   * of these bytes committed while this transaction waited for the media row lock.
   */
  private Future<ContentChange> changeContent(Function<SqlConnection, Future<List<String>>> videoChange,
      Function<SqlConnection, Future<String>> mediaChange) {
    return pg.withTransaction(conn -> videoChange.apply(conn)
        .compose(first -> mediaChange.apply(conn)
            .compose(removedPath -> videoChange.apply(conn).map(second -> {
              Set<String> ids = new LinkedHashSet<>(first);
              ids.addAll(second);
              return new ContentChange(List.copyOf(ids), removedPath);
            }))));
  }

  /**
   * For the transcoder: the content's playback (renditions, master, poster, storyboard) is stored (null keeps
   * what is stored), and every video of it still processing becomes ready; their ids.
   */
  public Future<List<String>> contentReady(String contentHash, JsonObject playback) {
    return changeContent(conn -> videos.readyContent(conn, contentHash),
        conn -> media.recordPlayback(conn, contentHash, playback))
        .compose(change -> cache.invalidate(change.videoIds()).map(change.videoIds()));
  }

  /** For the transcoder: every video of the content fails with the reason; the bytes are kept (a retry may work). */
  public Future<List<String>> contentFailed(String contentHash, String reason) {
    return videos.failContent(pg, contentHash, reason)
        .compose(ids -> cache.invalidate(ids).map(ids));
  }

  /** For a requeued transcode: the content's failed videos are processing again; their ids. */
  public Future<List<String>> contentProcessing(String contentHash) {
    return videos.reprocessContent(pg, contentHash).compose(ids -> cache.invalidate(ids).map(ids));
  }

  /** Drops cached copies of the content's videos (e.g. when its transcode progress moved). */
  public Future<Void> invalidateContent(String contentHash) {
    return videos.idsOfContent(pg, contentHash).compose(cache::invalidate);
  }

  /** The stored content's directory, or null when it is not stored (any more). */
  public Future<Path> mediaDirOf(String contentHash) {
    return media.pathOf(pg, contentHash).map(path -> path == null ? null : files.source(path).getParent());
  }

  public Future<Void> markFailed(String videoId, String reason) {
    return setStatus(videoId, VideoStatus.FAILED, reason, null);
  }

  /** For the transcoder: a processing video becomes playable; 409 from any other status. */
  public Future<Void> markReady(String videoId) {
    return setStatus(videoId, VideoStatus.READY, null, VideoStatus.PROCESSING);
  }

  private Future<Void> setStatus(String videoId, VideoStatus to, String reason, VideoStatus from) {
    return videos.setStatus(pg, videoId, to, reason, from).compose(changed -> !changed
        ? Future.failedFuture(from == null ? notFound(videoId)
            : new ApiException(409, "conflict", "video " + videoId + " is missing or not " + from.id()))
        : cache.invalidate(List.of(videoId)));
  }

  /** Stored content whose probe never finished (a node stopped during it), older than the given age. */
  public Future<List<StoredMedia>> unprobedMedia(int olderThanSeconds, int limit) {
    return media.unprobed(pg, olderThanSeconds, limit).map(rows -> rows.stream()
        .map(row -> new StoredMedia(row.contentHash(), files.source(row.path()), row.sizeBytes(), null))
        .toList());
  }

  /** Bytes counted against the owner's quota: the size of each of their videos. */
  public Future<Long> storedBytes(long ownerId) {
    return videos.storedBytes(pg, ownerId);
  }

  /**
   * Deletes a video, its unfinished uploads (terminated) and, when no other video shares them, its
   * stored bytes; then publishes {@link CatalogEvents#VIDEO_DELETED}. 404 when missing.
   */
  public Future<Void> deleteVideo(String id) {
    return pg.withTransaction(conn -> videos.lockForDelete(conn, id).compose(hash -> hash == null
            ? videos.delete(conn, id).map(new Deletion(null, null))
            : media.lock(conn, hash)
                .compose(v -> videos.delete(conn, id))
                .compose(v -> media.deleteIfUnused(conn, hash))
                .map(removedPath -> new Deletion(hash, removedPath))))
        .compose(deletion -> deleteDirIfRemoved(deletion.removedPath())
            .compose(v -> cache.invalidate(List.of(id)))
            .andThen(v -> vertx.eventBus().publish(CatalogEvents.VIDEO_DELETED,
                CatalogEvents.videoDeleted(id, deletion.contentHash(), deletion.removedPath() != null))));
  }

  private record Deletion(String contentHash, String removedPath) {}

  private Future<Void> deleteDirIfRemoved(String removedPath) {
    return removedPath == null ? Future.succeededFuture() : files.deleteDir(removedPath);
  }

  public static ApiException notFound(String id) {
    return new ApiException(404, "not_found", "no video " + id);
  }
}
