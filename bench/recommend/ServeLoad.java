import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Recommendation figures with the load generator in its own JVM (serve.sh starts the node with java -jar):
 *   catch-up  Redis writes paused (CLIENT PAUSE WRITE), USERS viewers × WATCHES watches × 3 events (play, heartbeat,
 *             complete) produced to reelay.events and flushed, writes resumed: events / time until the profile
 *             builder's counters (/metrics) have them all. The producer is idle in the measured window, so it
 *             times the builder alone (Kafka fetch, parsing, Redis), as after an outage or a backlog.
 *   latency   GET /api/recommendations?limit=20 of random built profiles from CONCURRENCY closed loops (Vert.x
 *             HTTP client), REQUESTS per round after one round not counted: p50/p99.
 * Each round prints one line with the CPU of the node (its JVM holds the Kafka broker), of redis-server and of
 * the rest of the machine (others), in % of one core; then the medians.
 */
public final class ServeLoad {


  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>(Map.of("users", "3000", "watches", "12", "videos", "400", "runs", "3",
        "requests", "5000", "concurrency", "4", "node-pid", "0", "redis-pid", "0", "phases", "catchup,latency"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    ServeLoad load = new ServeLoad(o);
    try {
      load.run();
    } finally {
      load.close();
    }
  }

  final int users;
  final int watches;
  final int videoCount;
  final int runs;
  final int requests;
  final int concurrency;
  final long nodePid;
  final long redisPid;
  final String phases;
  final String redisConfig;
  final URI url;
  final Vertx vertx = Vertx.vertx();
  final Redis redis;
  final Pool pg;
  final KafkaProducer<String, String> producer;
  final Prometheus metrics;
  final HttpClient http;
  final List<String> videos = new ArrayList<>();

  ServeLoad(Map<String, String> o) {
    users = Integer.parseInt(o.get("users"));
    watches = Integer.parseInt(o.get("watches"));
    videoCount = Integer.parseInt(o.get("videos"));
    runs = Integer.parseInt(o.get("runs"));
    requests = Integer.parseInt(o.get("requests"));
    concurrency = Integer.parseInt(o.get("concurrency"));
    nodePid = Long.parseLong(o.get("node-pid"));
    redisPid = Long.parseLong(o.get("redis-pid"));
    phases = o.get("phases");
    redisConfig = o.getOrDefault("redis-config", "");
    url = URI.create(o.get("url"));
    redis = Redis.createClient(vertx, o.get("redis"));
    pg = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(o.get("pg"))).using(vertx).build();
    Properties p = new Properties();
    p.put("bootstrap.servers", o.get("kafka"));
    p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    p.put("acks", "all");
    p.put("linger.ms", "5");
    p.put("batch.size", "262144");
    producer = new KafkaProducer<>(p);
    metrics = new Prometheus(o.get("url"));
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost(url.getHost())
        .setDefaultPort(url.getPort()), new PoolOptions().setHttp1MaxSize(Math.max(1, concurrency)));
  }

  void run() throws Exception {
    if (!redisConfig.isEmpty()) { // e.g. "zset-max-ziplist-entries=16": a server setting to compare
      String[] kv = redisConfig.split("=");
      redis.send(Request.cmd(Command.CONFIG).arg("SET").arg(kv[0]).arg(kv[1])).await();
    }
    catalog();
    warmUp();
    redis.send(Request.cmd(Command.CONFIG).arg("RESETSTAT")).await();
    double[] rates = new double[runs];
    for (int r = 0; r < runs; r++) {
      rates[r] = catchUp(new Random(100 + r), r + 1);
    }
    if (phases.contains("commandstats")) { // where redis-server's time went: calls and µs per command
      String stats = redis.send(Request.cmd(Command.INFO).arg("commandstats")).await().toString();
      Arrays.stream(stats.split("\r?\n")).filter(l -> l.startsWith("cmdstat_"))
          .forEach(l -> System.out.println("redis " + l));
    }
    if (!phases.contains("latency")) {
      System.out.printf("MEDIAN catch-up %.0f events/s [%s]%n", median(rates), join(rates, "%.0f"));
      return;
    }
    latency(new Random(199), 0); // JIT and caches warm, not counted
    double[][] lat = new double[runs][];
    for (int r = 0; r < runs; r++) {
      lat[r] = latency(new Random(200 + r), r + 1);
    }
    double[] p50 = Arrays.stream(lat).mapToDouble(l -> l[0]).toArray();
    double[] p99 = Arrays.stream(lat).mapToDouble(l -> l[1]).toArray();
    System.out.printf("MEDIAN catch-up %.0f events/s [%s] | serving p50 %.2f ms [%s] p99 %.2f ms [%s]%n",
        median(rates), join(rates, "%.0f"), median(p50), join(p50, "%.2f"), median(p99), join(p99, "%.2f"));
  }

  /** 100 creators (registered over HTTP: the users table is the node's) and VIDEOS ready, public videos. */
  void catalog() throws Exception {
    List<Long> creators = new ArrayList<>();
    java.net.http.HttpClient register = java.net.http.HttpClient.newHttpClient();
    for (int c = 0; c < 100; c++) {
      String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
      register.send(java.net.http.HttpRequest.newBuilder(url.resolve("/api/auth/register"))
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", name)
              .put("password", "correct horse").encode())).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      creators.add(pg.preparedQuery("SELECT id FROM users WHERE username = $1").execute(Tuple.of(name)).await()
          .iterator().next().getLong(0));
    }
    for (int v = 0; v < videoCount; v++) {
      String id = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      pg.preparedQuery("INSERT INTO videos (id, owner_id, title, tags, visibility, status, duration_ms) "
              + "VALUES ($1, $2, $3, $4, 'public', 'ready', 600000)")
          .execute(Tuple.of(id, creators.get(v % creators.size()), "Video " + v,
              new String[] {"t" + v % WatchEvents.TAGS}))
          .await();
      videos.add(id);
    }
  }



  void send(String subject, String event) {
    producer.send(new ProducerRecord<>("reelay.events", subject, event));
  }

  double handled() {
    return Prometheus.value(metrics.scrape(), "reelay_profile_events_total", "");
  }

  void warmUp() throws Exception {
    double start = handled();
    Random rnd = new Random(1);
    for (int i = 0; i < 3000; i++) {
      String subject = "d:warm" + (i % 300);
      send(subject, WatchEvents.json("heartbeat", subject, WatchEvents.pick(rnd, i, videos), 120));
    }
    producer.flush();
    while (handled() < start + 3000) {
      Thread.sleep(50);
    }
  }

  double catchUp(Random rnd, int run) throws Exception {
    double start = handled();
    redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(300_000).arg("WRITE")).await();
    int events = 0;
    try {
      events = WatchEvents.watches(rnd, users, watches, videos, this::send);
      producer.flush();
    } finally {
      Cpu before = Cpu.now(this);
      long t0 = System.nanoTime();
      redis.send(Request.cmd(Command.CLIENT).arg("UNPAUSE")).await();
      while (handled() < start + events) {
        Thread.sleep(50);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double rate = events / seconds;
      System.out.printf("catch-up run %d: %.0f events/s (%d events in %.2f s) %s%n", run, rate, events, seconds,
          Cpu.now(this).since(before, seconds));
      return rate;
    }
  }

  /** {p50, p99} in ms; run 0 is the warm-up. */
  double[] latency(Random rnd, int run) throws Exception {
    long[] us = new long[requests];
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(concurrency);
    Cpu before = Cpu.now(this);
    long t0 = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      long seed = rnd.nextLong();
      vertx.runOnContext(v -> loop(new Random(seed), us, next, done));
    }
    done.await();
    double seconds = (System.nanoTime() - t0) / 1e9;
    Arrays.sort(us);
    double[] p = {us[requests / 2] / 1000.0, us[(int) Math.ceil(0.99 * requests) - 1] / 1000.0};
    System.out.printf("latency run %d%s: p50 %.2f ms p99 %.2f ms (%d requests, %d clients, %.0f/s) %s%n", run,
        run == 0 ? " (warm-up, not counted)" : "", p[0], p[1], requests, concurrency, requests / seconds,
        Cpu.now(this).since(before, seconds));
    return p;
  }

  private void loop(Random rnd, long[] us, AtomicInteger next, CountDownLatch done) {
    int i = next.getAndIncrement();
    if (i >= us.length) {
      done.countDown();
      return;
    }
    long t = System.nanoTime();
    http.request(new RequestOptions().setMethod(HttpMethod.GET)
            .setURI("/api/recommendations?limit=20&deviceId=u" + rnd.nextInt(users)))
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> {
          if (resp.statusCode() != 200) {
            throw new IllegalStateException(resp.statusCode() + " " + b);
          }
          return b;
        })))
        .onComplete(r -> {
          us[i] = (System.nanoTime() - t) / 1000;
          if (r.failed()) {
            System.out.println("request failed: " + r.cause());
          }
          loop(rnd, us, next, done);
        });
  }

  /** CPU ticks of the node, of redis-server and of the machine at one moment. */
  record Cpu(long node, long redis, long self, long machine) {
    static Cpu now(ServeLoad l) {
      return new Cpu(l.nodePid > 0 ? ProcStats.processTicks(l.nodePid) : 0,
          l.redisPid > 0 ? ProcStats.processTicks(l.redisPid) : 0,
          ProcStats.processTicks(ProcessHandle.current().pid()), ProcStats.machineTicks()[0]);
    }

    String since(Cpu b, double seconds) {
      double scale = 100 / (seconds * ProcStats.TICKS_PER_SECOND);
      double n = (node - b.node) * scale;
      double r = (redis - b.redis) * scale;
      double s = (self - b.self) * scale;
      double m = (machine - b.machine) * scale;
      return String.format("node_cpu_pct=%.0f redis_cpu_pct=%.0f gen_cpu_pct=%.0f others_cpu_pct=%.0f", n, r, s,
          Math.max(0, m - n - r - s));
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static String join(double[] v, String format) {
    return String.join(" ", Arrays.stream(v).mapToObj(d -> String.format(format, d)).toList());
  }

  void close() {
    producer.close();
    vertx.close();
  }
}
