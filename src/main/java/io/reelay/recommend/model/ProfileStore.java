package io.reelay.recommend.model;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where profiles, co-occurrence and trending scores live. Every operation is one Redis command (see each
 * method), so a Redis implementation is a thin translation; {@link MemoryProfileStore} is the in-process one
 * (offline evaluation, tests). Asynchronous so that a Redis client need not block: callers issue independent
 * reads together and a client pipelines them. Missing keys read as empty. Member lists are never empty
 * (Redis refuses ZMSCORE and SMISMEMBER without members).
 */
public interface ProfileStore {

  /** Applies the writes in order: {@link Write} says which command each is. One event's writes come as one list. */
  CompletionStage<Void> write(List<Write> writes);

  /** {@code LRANGE key 0 n-1}. */
  CompletionStage<List<String>> range(String key, int n);

  /** {@code ZREVRANGE key 0 n-1 WITHSCORES}: highest first. */
  CompletionStage<List<Scored>> top(String key, int n);

  /** {@code ZMSCORE key member...}: scores in the order asked, null where absent. */
  CompletionStage<List<Double>> scores(String key, List<String> members);

  /** {@code SMISMEMBER key member...}. */
  CompletionStage<List<Boolean>> contains(String key, List<String> members);

  /** {@code HGETALL key}. */
  CompletionStage<Map<String, String>> hash(String key);
}
