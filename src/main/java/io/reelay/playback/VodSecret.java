package io.reelay.playback;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key of signed playback URLs, shared by every node through {@code node_secrets} (the first node
 * to start inserts it; the others read what it wrote), so a URL signed by one node plays on all.
 * Its own row, not the JWT secret: rotating one must not invalidate the other.
 */
final class VodSecret {

  static final String NAME = "vod-hmac";

  private VodSecret() {}

  static Future<byte[]> loadOrCreate(Pool pg) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String candidate = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return pg.preparedQuery("INSERT INTO node_secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(NAME, candidate))
        .compose(ignored -> pg.preparedQuery("SELECT value FROM node_secrets WHERE name = $1").execute(Tuple.of(NAME)))
        .map(rows -> Base64.getUrlDecoder().decode(rows.iterator().next().getString("value")));
  }
}
