import io.reelay.catalog.VideoDraft;
import io.reelay.catalog.Visibility;
import io.reelay.node.ReelayNode;
import io.reelay.node.config.ConfigLoader;
import io.reelay.recommend.builder.BuilderMetrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Online recommendation figures (issue 6) on one in-process node with embedded services:
 *   throughput  USERS viewers with two favourite tags each watch WATCHES videos (play, heartbeat, complete:
 *               3 events a watch) produced to reelay.events at once; events/s = events / time until the
 *               profile builder handled them all (its counters)
 *   latency     GET /api/recommendations?limit=20 of random built profiles, CONCURRENCY clients, p50/p99
 *   freshness   a viewer's feed read, a dislike of its first item posted to POST /api/events (as the device),
 *               the feed polled every 2 ms until it changes: p50/p99 of POST sent → changed feed
 * Each phase runs RUNS rounds (the throughput rounds build the profiles); each round's line, then medians.
 * The generator shares the JVM (and the 2 cores) with the node.
 */
public final class OnlineLoad {

  static final int USERS = Integer.getInteger("users", 3000);
  static final int WATCHES = Integer.getInteger("watches", 12);
  static final int VIDEOS = Integer.getInteger("videos", 400);
  static final int RUNS = Integer.getInteger("runs", 3);
  static final int REQUESTS = Integer.getInteger("requests", 5000);
  static final int CONCURRENCY = Integer.getInteger("concurrency", 4);
  static final int PROBES = Integer.getInteger("probes", 200);

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  static String base;
  static KafkaProducer<String, String> producer;
  static List<String> videos = new ArrayList<>();
  static Map<String, Integer> tagOf = new HashMap<>();

  public static void main(String[] args) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("REELAY_HTTP_PORT", "0");
    env.put("REELAY_RTMP_PORT", "0");
    env.put("REELAY_SRT_PORT", "0");
    env.put("REELAY_HTTP_HOST", "127.0.0.1");
    env.putIfAbsent("REELAY_DATA_DIR", Files.createTempDirectory("bench-recommend").toString());
    env.put("REELAY_ADMIN_PASSWORD", "bench-admin-pw");
    ReelayNode node = ReelayNode.start(ConfigLoader.load(new String[0], env));
    try {
      base = node.endpoints().httpUrl();
      Properties p = new Properties();
      p.put("bootstrap.servers", node.serviceUrls().kafkaBootstrap());
      p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
      p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
      p.put("acks", "all");
      p.put("linger.ms", "5");
      producer = new KafkaProducer<>(p);
      catalog(node);
      BuilderMetrics metrics = node.recommend().builderMetrics();
      warmUp(metrics);
      double[] rates = new double[RUNS];
      for (int r = 0; r < RUNS; r++) {
        rates[r] = throughput(metrics, new Random(100 + r));
        System.out.printf("throughput run %d: %.0f events/s%n", r + 1, rates[r]);
      }
      latency(new Random(199)); // a warm node: JIT and caches, not counted
      double[][] lat = new double[RUNS][];
      for (int r = 0; r < RUNS; r++) {
        lat[r] = latency(new Random(200 + r));
        System.out.printf("latency run %d: p50 %.2f ms p99 %.2f ms (%d requests, %d clients)%n", r + 1, lat[r][0],
            lat[r][1], REQUESTS, CONCURRENCY);
      }
      double[][] fresh = new double[RUNS][];
      for (int r = 0; r < RUNS; r++) {
        fresh[r] = freshness(new Random(300 + r), r);
        System.out.printf("freshness run %d: p50 %.0f ms p99 %.0f ms (%d probes)%n", r + 1, fresh[r][0], fresh[r][1],
            PROBES);
      }
      System.out.printf("MEDIAN throughput %.0f events/s | serving p50 %.2f ms p99 %.2f ms | freshness p50 %.0f ms "
          + "p99 %.0f ms%n", median(rates), median(col(lat, 0)), median(col(lat, 1)), median(col(fresh, 0)),
          median(col(fresh, 1)));
    } finally {
      if (producer != null) {
        producer.close();
      }
      node.stop();
    }
  }

  static void catalog(ReelayNode node) throws Exception {
    List<Long> creators = new ArrayList<>();
    for (int c = 0; c < 100; c++) {
      String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
      send(HttpRequest.newBuilder(URI.create(base + "/api/auth/register"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", name)
              .put("password", "correct horse").encode())));
      long id = node.storage().pg().preparedQuery("SELECT id FROM users WHERE username = $1")
          .execute(Tuple.of(name)).await().iterator().next().getLong(0);
      creators.add(id);
    }
    for (int v = 0; v < VIDEOS; v++) {
      int tag = v % WatchEvents.TAGS;
      String id = node.catalog().createVideo(creators.get(v % creators.size()),
          new VideoDraft("Video " + v, "", List.of("t" + tag), Visibility.PUBLIC)).await().id();
      node.storage().pg().preparedQuery("UPDATE videos SET status = 'ready', duration_ms = 600000 WHERE id = $1")
          .execute(Tuple.of(id)).await();
      videos.add(id);
      tagOf.put(id, tag);
    }
  }


  static void produce(String subject, String value) {
    producer.send(new ProducerRecord<>("reelay.events", subject, value));
  }


  static void warmUp(BuilderMetrics metrics) throws Exception {
    double start = metrics.handled();
    Random rnd = new Random(1);
    for (int i = 0; i < 3000; i++) {
      String subject = "d:warm" + (i % 300);
      produce(subject, WatchEvents.json("heartbeat", subject, WatchEvents.pick(rnd, i, videos), 120));
    }
    producer.flush();
    while (metrics.handled() < start + 3000) {
      Thread.sleep(20);
    }
  }

  static double throughput(BuilderMetrics metrics, Random rnd) throws Exception {
    double start = metrics.handled();
    long t0 = System.nanoTime();
    int events = WatchEvents.watches(rnd, USERS, WATCHES, videos, OnlineLoad::produce);
    producer.flush();
    while (metrics.handled() < start + events) {
      Thread.sleep(5);
    }
    return events / ((System.nanoTime() - t0) / 1e9);
  }

  static double[] latency(Random rnd) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      List<Future<double[]>> parts = new ArrayList<>();
      for (int c = 0; c < CONCURRENCY; c++) {
        long seed = rnd.nextLong();
        parts.add(pool.submit(() -> {
          Random r = new Random(seed);
          double[] ms = new double[REQUESTS / CONCURRENCY];
          for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            feed("u" + r.nextInt(USERS));
            ms[i] = (System.nanoTime() - t) / 1e6;
          }
          return ms;
        }));
      }
      List<Double> all = new ArrayList<>();
      for (Future<double[]> f : parts) {
        for (double d : f.get()) {
          all.add(d);
        }
      }
      double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new double[] {pct(sorted, 50), pct(sorted, 99)};
    } finally {
      pool.shutdown();
    }
  }

  static double[] freshness(Random rnd, int run) throws Exception {
    double[] ms = new double[PROBES];
    for (int i = 0; i < PROBES; i++) {
      String device = "u" + ((run * PROBES + i) % USERS);
      List<String> before = feed(device);
      long t = System.nanoTime();
      postDislike(device, before.get(0));
      while (feed(device).equals(before)) {
        if (System.nanoTime() - t > 10_000_000_000L) {
          throw new IllegalStateException("feed of " + device + " unchanged after 10 s");
        }
        Thread.sleep(2);
      }
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return new double[] {pct(ms, 50), pct(ms, 99)};
  }

  /** What a player sends: POST /api/events as the device; the 202 means Kafka has the event. */
  static void postDislike(String device, String video) throws Exception {
    JsonObject body = new JsonObject().put("events", new JsonArray().add(new JsonObject()
        .put("eventId", UUID.randomUUID().toString()).put("type", "dislike").put("videoId", video)));
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/events"))
        .header("Content-Type", "application/json").header("X-Device-Id", device)
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    if (r.statusCode() != 202 || new JsonObject(r.body()).getInteger("accepted") != 1) {
      throw new IllegalStateException("POST /api/events: " + r.statusCode() + " " + r.body());
    }
  }

  static List<String> feed(String device) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/recommendations?limit=20&deviceId="
        + device)).GET());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
    JsonArray items = new JsonObject(r.body()).getJsonArray("items");
    List<String> ids = new ArrayList<>();
    items.forEach(o -> ids.add(((JsonObject) o).getString("id")));
    return ids;
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static double pct(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  static double[] col(double[][] m, int c) {
    return Arrays.stream(m).mapToDouble(row -> row[c]).toArray();
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
