package io.reelay.node.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HS256 signing secret. Unless configured, the first node to start generates one and stores
 * it in PostgreSQL (which, embedded, lives in the data dir); every node of the cluster reads the
 * same row, so a token issued by one node is valid on all.
 */
final class JwtSecret {

  private static final String NAME = "jwt-hs256";

  private JwtSecret() {}

  static Future<String> loadOrCreate(Pool pg, String configured) {
    if (!configured.isEmpty()) {
      return Future.succeededFuture(configured);
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String candidate = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return pg.preparedQuery("INSERT INTO node_secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(NAME, candidate))
        .compose(ignored -> pg.preparedQuery("SELECT value FROM node_secrets WHERE name = $1")
            .execute(Tuple.of(NAME)))
        .map(rows -> rows.iterator().next().getString("value"));
  }
}
