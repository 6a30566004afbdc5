package io.reelay.recommend.model;

import java.util.Map;

/** One state change, each one Redis command (or the LPUSH + LTRIM pair of a capped list). */
public sealed interface Write {

  /** {@code ZINCRBY key delta member}. */
  record ZIncrBy(String key, String member, double delta) implements Write {
  }

  /** {@code ZREMRANGEBYRANK key 0 -(keep + 1)}: keeps the {@code keep} highest members. */
  record ZTrim(String key, int keep) implements Write {
  }

  /** {@code LPUSH key value} then {@code LTRIM key 0 keep-1}. */
  record LPushTrim(String key, String value, int keep) implements Write {
  }

  /** {@code SADD key member}. */
  record SAdd(String key, String member) implements Write {
  }

  /** {@code HSET key field value [field value ...]}. */
  record HSet(String key, Map<String, String> fields) implements Write {
    public HSet {
      fields = Map.copyOf(fields);
    }
  }
}
