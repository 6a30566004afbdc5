package io.reelay.catalog;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Pages through {@code videos}, newest first, with the filters of a {@link VideoQuery}. */
final class VideoListing {

  Future<VideoPage> list(SqlClient sql, VideoQuery query) {
    List<Object> params = new ArrayList<>();
    List<String> where = new ArrayList<>();
    if (!query.allOfOwner()) {
      where.add("v.visibility = 'public' AND v.status = 'ready'");
    }
    if (query.tag() != null) {
      params.add(new String[] {query.tag()});
      where.add("v.tags @> $" + params.size()); // containment, so the GIN index on tags serves it
    }
    if (query.owner() != null) {
      params.add(query.owner());
      where.add("u.username = $" + params.size());
    }
    if (query.text() != null) {
      params.add(query.text());
      where.add("v.search @@ plainto_tsquery('simple', $" + params.size() + ")");
    }
    String from = " FROM videos v JOIN users u ON u.id = v.owner_id"
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
    Future<Long> total = sql.preparedQuery("SELECT count(*) AS total" + from).execute(Tuple.from(params))
        .map(rows -> rows.iterator().next().getLong("total"));
    List<Object> paged = new ArrayList<>(params);
    paged.add((long) query.size());
    paged.add(query.offset());
    // id breaks ties between videos created in the same instant, so pages never overlap.
    Future<List<Video>> items = sql.preparedQuery("SELECT " + VideoStore.COLUMNS + from
            + " ORDER BY v.created_at DESC, v.id DESC LIMIT $" + (params.size() + 1) + " OFFSET $" + (params.size() + 2))
        .execute(Tuple.from(paged))
        .map(rows -> {
          List<Video> videos = new ArrayList<>();
          for (Row row : rows) {
            videos.add(VideoStore.toVideo(row));
          }
          return videos;
        });
    return Future.all(total, items).map(done -> new VideoPage(items.result(), query.page(), query.size(), total.result()));
  }
}
