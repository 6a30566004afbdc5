package io.reelay.room.gift;

import io.reelay.node.auth.AccessGuard;
import io.reelay.node.auth.Principal;
import io.reelay.node.auth.Role;
import io.reelay.node.http.ApiException;
import io.reelay.node.http.HttpRoutes;
import io.reelay.node.http.JsonBodies;
import io.reelay.node.http.Replies;
import io.reelay.node.http.QueryParams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/gifts} (the catalog), {@code GET /api/users/me/balance}, {@code POST
 * /api/users/{id}/balance} (admins credit a balance) and {@code GET
 * /api/rooms/{roomId}/gifts/leaderboard}. Gifts themselves are sent over the room's WebSocket.
 */
public final class GiftRoutes implements HttpRoutes {

  private static final int DEFAULT_LEADERBOARD = 10;

  private final GiftLedger ledger;
  private final AccessGuard guard;

  public GiftRoutes(GiftLedger ledger, AccessGuard guard) {
    this.ledger = ledger;
    this.guard = guard;
  }

  @Override
  public void mount(Router router) {
    JsonObject catalog = ledger.catalog().toJson();
    router.get("/api/gifts").handler(ctx -> ctx.json(catalog));
    router.get("/api/users/me/balance").handler(guard.require(Role.VIEWER)).handler(ctx -> {
      long userId = AccessGuard.principal(ctx).userId();
      reply(ctx, ledger.balance(userId).map(balance -> balanceJson(userId, balance)));
    });
    router.post("/api/users/:id/balance").handler(guard.require(Role.ADMIN)).handler(ctx -> {
      long userId = userId(ctx);
      JsonObject body = JsonBodies.object(ctx);
      Principal admin = AccessGuard.principal(ctx);
      reply(ctx, ledger.credit(userId, amount(body), admin.userId(), JsonBodies.requiredString(body, "reason"))
          .map(balance -> balanceJson(userId, balance)));
    });
    router.get("/api/rooms/:roomId/gifts/leaderboard").handler(ctx -> {
      String roomId = ctx.pathParam("roomId");
      int limit = QueryParams.intParam(ctx.queryParams(), "limit", 1, GiftLedger.MAX_LEADERBOARD, DEFAULT_LEADERBOARD);
      reply(ctx, ledger.leaderboard(roomId, limit).map(entries -> leaderboardJson(roomId, entries)));
    });
  }

  private static JsonObject leaderboardJson(String roomId, List<LeaderboardEntry> entries) {
    JsonArray json = new JsonArray();
    entries.forEach(entry -> json.add(entry.toJson()));
    return new JsonObject().put("room", roomId).put("entries", json);
  }

  private static JsonObject balanceJson(long userId, long balance) {
    return new JsonObject().put("userId", userId).put("balance", balance);
  }

  private static long userId(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("user id must be a number");
    }
  }

  private static long amount(JsonObject body) {
    Object amount = body.getValue("amount");
    if (!(amount instanceof Integer || amount instanceof Long)) {
      throw ApiException.badRequest("field 'amount' must be a whole number");
    }
    return ((Number) amount).longValue();
  }

  private static void reply(RoutingContext ctx, Future<JsonObject> body) {
    Replies.json(ctx, body.recover(e -> Future.failedFuture(e instanceof GiftException gift ? toApi(gift) : e)));
  }

  private static ApiException toApi(GiftException e) {
    int status = switch (e.code()) {
      case GiftException.NOT_FOUND -> 404;
      case GiftException.INSUFFICIENT_BALANCE -> 409;
      default -> 400;
    };
    return new ApiException(status, e.code(), e.getMessage());
  }
}
