package io.reelay.recommend.state;

import io.reelay.recommend.model.ProfileStore;
import io.reelay.recommend.model.Scored;
import io.reelay.recommend.model.Write;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@link ProfileStore} on the node's Vert.x Redis client. An event's writes go out as one pipeline
 * ({@link Redis#batch}: one round trip, no MULTI — every write is an increment or an idempotent add, so a
 * partial pipeline after a crash is no worse than a lost event). Commands issued together — a ranking issues
 * each round's reads in one go — go out together too ({@link Pipeline}), so a ranking costs a pooled connection
 * per round rather than per command (about 50).
 */
public final class RedisProfileStore implements ProfileStore {

  private final Pipeline pipeline;

  public RedisProfileStore(Redis redis) {
    this.pipeline = new Pipeline(redis);
  }

  @Override
  public CompletionStage<Void> write(List<Write> writes) {
    return pipeline.batch(requests(writes)).<Void>mapEmpty().toCompletionStage();
  }

  /** The Redis commands of these writes, in order (an LPUSH + LTRIM pair for a capped list). */
  public static List<Request> requests(List<Write> writes) {
    List<Request> out = new ArrayList<>(writes.size() + 4);
    for (Write w : writes) {
      // Java 17: no pattern switch yet.
      if (w instanceof Write.ZIncrBy z) {
        out.add(Request.cmd(Command.ZINCRBY).arg(z.key()).arg(z.delta()).arg(z.member()));
      } else if (w instanceof Write.ZTrim t) {
        out.add(Request.cmd(Command.ZREMRANGEBYRANK).arg(t.key()).arg(0).arg(-(t.keep() + 1)));
      } else if (w instanceof Write.LPushTrim l) {
        out.add(Request.cmd(Command.LPUSH).arg(l.key()).arg(l.value()));
        out.add(Request.cmd(Command.LTRIM).arg(l.key()).arg(0).arg(l.keep() - 1));
      } else if (w instanceof Write.SAdd s) {
        out.add(Request.cmd(Command.SADD).arg(s.key()).arg(s.member()));
      } else if (w instanceof Write.HSet h) {
        Request hset = Request.cmd(Command.HSET).arg(h.key());
        h.fields().forEach((field, value) -> hset.arg(field).arg(value));
        out.add(hset);
      }
    }
    return out;
  }

  @Override
  public CompletionStage<List<String>> range(String key, int n) {
    return pipeline.send(Request.cmd(Command.LRANGE).arg(key).arg(0).arg(n - 1))
        .map(RedisProfileStore::strings).toCompletionStage();
  }

  @Override
  public CompletionStage<List<Scored>> top(String key, int n) {
    return pipeline.send(Request.cmd(Command.ZREVRANGE).arg(key).arg(0).arg(n - 1).arg("WITHSCORES"))
        .map(RedisProfileStore::scored).toCompletionStage();
  }

  @Override
  public CompletionStage<List<Double>> scores(String key, List<String> members) {
    Request r = Request.cmd(Command.ZMSCORE).arg(key);
    members.forEach(r::arg);
    return pipeline.send(r).map(reply -> {
      List<Double> out = new ArrayList<>(reply.size());
      for (Response s : reply) {
        out.add(s == null ? null : s.toDouble());
      }
      return out;
    }).toCompletionStage();
  }

  @Override
  public CompletionStage<List<Boolean>> contains(String key, List<String> members) {
    Request r = Request.cmd(Command.SMISMEMBER).arg(key);
    members.forEach(r::arg);
    return pipeline.send(r).map(reply -> {
      List<Boolean> out = new ArrayList<>(reply.size());
      for (Response s : reply) {
        out.add(s != null && s.toLong() == 1L);
      }
      return out;
    }).toCompletionStage();
  }

  @Override
  public CompletionStage<Map<String, String>> hash(String key) {
    return pipeline.send(Request.cmd(Command.HGETALL).arg(key)).map(reply -> {
      Map<String, String> out = new HashMap<>();
      if (reply != null) {
        for (String field : reply.getKeys()) {
          out.put(field, reply.get(field).toString());
        }
      }
      return out;
    }).toCompletionStage();
  }

  private static List<String> strings(Response reply) {
    List<String> out = new ArrayList<>(reply == null ? 0 : reply.size());
    if (reply != null) {
      reply.forEach(r -> out.add(r.toString()));
    }
    return out;
  }

  /**
   * RESP3 answers WITHSCORES as [member, score] pairs, RESP2 as one flat list: both are read. A RESP3 score
   * arrives parsed: {@code toDouble} takes it as it is (through {@code toString} it was formatted and parsed again).
   */
  private static List<Scored> scored(Response reply) {
    List<Scored> out = new ArrayList<>();
    if (reply == null || reply.size() == 0) {
      return out;
    }
    if (reply.get(0).type() == ResponseType.MULTI) {
      for (Response pair : reply) {
        out.add(new Scored(pair.get(0).toString(), pair.get(1).toDouble()));
      }
    } else {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        out.add(new Scored(reply.get(i).toString(), reply.get(i + 1).toDouble()));
      }
    }
    return out;
  }
}
