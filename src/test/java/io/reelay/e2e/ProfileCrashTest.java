package io.reelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.recommend.model.EventKind;
import io.reelay.recommend.model.Interaction;
import io.reelay.recommend.model.MemoryProfileStore;
import io.reelay.recommend.model.ModelSettings;
import io.reelay.recommend.model.ProfileKeys;
import io.reelay.recommend.model.ProfileStore;
import io.reelay.recommend.model.ProfileUpdater;
import io.reelay.recommend.model.Scored;
import io.reelay.recommend.state.RedisProfileStore;
import io.reelay.testing.Http;
import io.reelay.testing.NodeProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar killed with SIGKILL while its profile builder works through a backlog of behaviour events (with
 * some events sent twice, as a client resends a batch). A new process on the same data dir resumes, and the state
 * in Redis equals one application of every distinct event, one at a time, in memory: nothing the killed process
 * had read is lost (records committed, logged or neither), nothing is counted twice (records redelivered, batches
 * logged but not applied, events sent again).
 */
class ProfileCrashTest {

  private static final String TOPIC = "reelay.events";
  private static final int VIEWERS = 500;
  private static final int WATCHES = 12;
  private static final int VIDEOS = 40;
  private static final List<String> TAGS = List.of("anime", "nba", "cooking", "music", "travel");

  @TempDir Path dir;

  /** A video as the builder's item facts see it. */
  private record Video(List<String> tags, String creator) {}

  /** An event as produced, and whether it is a copy of an earlier one (same id). */
  private record Sent(String subject, String json, Interaction interaction, boolean copy) {}

  @Test
  void aBuilderKilledMidBacklogResumesWithEveryEventCountedOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<Sent> sent;
    Map<String, Video> videosById;
    boolean stoppedCleanly = false;
    try {
      NodeProcess first = NodeProcess.start(DataDirNodes.env(dir));
      String redisUrl;
      try {
        String url = DataDirNodes.readyUrl(first);
        redisUrl = first.valueAfter("REELAY_REDIS_URL=").orElseThrow();
        Pool pg = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(
            first.valueAfter("REELAY_PG_URL=").orElseThrow())).using(vertx).build();
        videosById = catalog(new Http(url), pg);
        sent = events(new Random(7), videosById);
        Redis redis = Redis.createClient(vertx, redisUrl);
        // A backlog: the builder stops at its first write while every event is produced, then catches up.
        redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(120_000).arg("WRITE")).await();
        produce(first.valueAfter("REELAY_KAFKA_BOOTSTRAP=").orElseThrow(), sent);
        redis.send(Request.cmd(Command.CLIENT).arg("UNPAUSE")).await();
        double killedAt = awaitHandled(url, sent.size() * 0.3);
        first.kill();
        assertThat(killedAt).as("killed mid-backlog").isLessThan(sent.size());
        // The killed node's Redis runs on until the next node stops it: what the kill left in the write logs.
        Response logs = redis.send(Request.cmd(Command.KEYS).arg("recb:log:*")).await();
        System.out.printf("killed after %.0f of %d records handled; write logs left: %d%n", killedAt, sent.size(),
            logs.size());
        redis.close();
      } finally {
        first.close();
      }

      try (NodeProcess second = NodeProcess.start(DataDirNodes.env(dir))) {
        DataDirNodes.readyUrl(second);
        Redis redis = Redis.createClient(vertx, second.valueAfter("REELAY_REDIS_URL=").orElseThrow());
        awaitApplied(redis, sent.size());
        assertSameState(new RedisProfileStore(redis), expected(sent), sent, videosById);
        redis.close();
        second.terminate();
        assertThat(second.awaitExit(Duration.ofSeconds(30))).isZero();
        stoppedCleanly = true;
      }
    } finally {
      if (!stoppedCleanly) {
        DataDirNodes.stopOrphans(dir);
      }
      vertx.close().await();
    }
  }

  /** Two creators and {@link #VIDEOS} ready public videos, each with one or two tags. */
  private static Map<String, Video> catalog(Http http, Pool pg) {
    List<Long> creators = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      creators.add(http.registerUser("crash").id());
    }
    Map<String, Video> videos = new LinkedHashMap<>();
    for (int v = 0; v < VIDEOS; v++) {
      String id = "crash" + v + UUID.randomUUID().toString().substring(0, 8);
      List<String> t = v % 3 == 0 ? List.of(TAGS.get(v % 5), TAGS.get((v + 1) % 5)) : List.of(TAGS.get(v % 5));
      pg.preparedQuery("INSERT INTO videos (id, owner_id, title, tags, visibility, status, duration_ms) "
          + "VALUES ($1, $2, $3, $4, 'public', 'ready', 600000)")
          .execute(Tuple.of(id, creators.get(v % 2), "Video " + v, t.toArray(new String[0]))).await();
      videos.put(id, new Video(t, Long.toString(creators.get(v % 2))));
    }
    return videos;
  }

  /** Viewers watching videos of their favourite tag mostly (play, heartbeat, complete); every 20th event twice. */
  private static List<Sent> events(Random rnd, Map<String, Video> videosById) {
    List<String> videos = new ArrayList<>(videosById.keySet());
    List<Sent> out = new ArrayList<>();
    long time = System.currentTimeMillis() - 3_600_000;
    int n = 0;
    for (int w = 0; w < WATCHES; w++) {
      for (int u = 0; u < VIEWERS; u++) {
        String subject = "d:crash-viewer-" + u;
        String video = rnd.nextInt(4) > 0 ? videos.get((u % 5) + 5 * rnd.nextInt(VIDEOS / 5))
            : videos.get(rnd.nextInt(VIDEOS));
        double seconds = 60 + rnd.nextInt(500);
        for (EventKind kind : List.of(EventKind.PLAY, EventKind.HEARTBEAT, EventKind.COMPLETE)) {
          time += 7;
          String id = "e" + n++;
          JsonObject json = new JsonObject().put("eventId", id).put("type", kind.name().toLowerCase())
              .put("subject", subject).put("videoId", video).put("serverTime", time).put("source", "client");
          if (kind == EventKind.HEARTBEAT) {
            json.put("watchedSeconds", seconds).put("position", seconds);
          }
          Video v = videosById.get(video);
          Interaction e = new Interaction(kind, subject, video, v.tags(), v.creator(), time,
              kind == EventKind.HEARTBEAT ? seconds : 0);
          out.add(new Sent(subject, json.encode(), e, false));
          if (n % 20 == 0) {
            out.add(new Sent(subject, json.encode(), e, true));
          }
        }
      }
    }
    return out;
  }

  private static void produce(String bootstrap, List<Sent> sent) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    p.put("acks", "all");
    p.put("linger.ms", "5");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      sent.forEach(s -> producer.send(new ProducerRecord<>(TOPIC, s.subject(), s.json())));
      producer.flush();
    }
  }

  /** Polls the builder's counters until it handled {@code count} records; returns how many it had. */
  private static double awaitHandled(String url, double count) throws InterruptedException {
    Http http = new Http(url);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      double handled = 0;
      for (String line : http.get("/metrics").body().split("\n")) {
        if (line.startsWith("reelay_profile_events_total{")) {
          handled += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      if (handled >= count) {
        return handled;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the builder did not handle " + count + " records in 60 s");
  }

  /** Until every partition's watermark is past all records and no write log is left (the new consumer joins late). */
  private static void awaitApplied(Redis redis, int records) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    long applied = -1;
    int logs = -1;
    while (System.nanoTime() < deadline) {
      applied = 0;
      for (int p = 0; p < 8; p++) {
        Response mark = redis.send(Request.cmd(Command.GET).arg("recb:applied:" + TOPIC + ":" + p)).await();
        applied += mark == null ? 0 : Long.parseLong(mark.toString().split(" ")[0]);
      }
      logs = redis.send(Request.cmd(Command.KEYS).arg("recb:log:*")).await().size();
      if (applied >= records && logs == 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("after 150 s: watermarks sum to " + applied + " of " + records + ", logs left " + logs);
  }

  private static MemoryProfileStore expected(List<Sent> sent) {
    MemoryProfileStore memory = new MemoryProfileStore();
    ProfileUpdater oneByOne = new ProfileUpdater(memory, ModelSettings.defaults());
    sent.stream().filter(s -> !s.copy()).forEach(s -> join(oneByOne.record(s.interaction())));
    return memory;
  }

  private static void assertSameState(ProfileStore redis, ProfileStore memory, List<Sent> sent,
      Map<String, Video> videosById) {
    List<String> videos = new ArrayList<>(videosById.keySet());
    List<String> keys = new ArrayList<>(List.of(ProfileKeys.popular(), ProfileKeys.trending()));
    TAGS.forEach(t -> keys.add(ProfileKeys.trending(t)));
    videos.forEach(v -> keys.add(ProfileKeys.coWatched(v)));
    Set<String> viewers = new HashSet<>();
    sent.forEach(s -> viewers.add(s.subject()));
    for (String viewer : viewers) {
      keys.add(ProfileKeys.userTags(viewer));
      assertThat(join(redis.range(ProfileKeys.userRecent(viewer), 50))).as(viewer)
          .isEqualTo(join(memory.range(ProfileKeys.userRecent(viewer), 50)));
      assertThat(join(redis.contains(ProfileKeys.userCompleted(viewer), videos)))
          .isEqualTo(join(memory.contains(ProfileKeys.userCompleted(viewer), videos)));
    }
    for (String key : keys) {
      List<Scored> expected = join(memory.top(key, 500));
      List<Scored> actual = join(redis.top(key, 500));
      assertThat(actual).as(key).extracting(Scored::member)
          .containsExactlyInAnyOrderElementsOf(expected.stream().map(Scored::member).toList());
      double tolerance = 1e-9 * expected.stream().mapToDouble(s -> Math.abs(s.score())).max().orElse(0);
      for (Scored s : expected) {
        double stored = actual.stream().filter(a -> a.member().equals(s.member())).findFirst().orElseThrow()
            .score();
        assertThat(stored).as(key + " " + s.member()).isCloseTo(s.score(), Offset.offset(tolerance));
      }
    }
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
