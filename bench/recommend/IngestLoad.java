import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingestion load (issue 6): {@code --concurrency} closed loops each POST a batch of {@code --batch} events to
 * /api/events and send the next as soon as the 202 came (the node answers only after Kafka acknowledged the
 * batch). Prints one line: accepted events/s, POST latency p50/p99, non-202 answers and CPU, over the measured
 * window after a warm-up. Bodies are built before the run (a pool of 64 per run, each with its own device ids
 * and event ids) so the generator's CPU goes to HTTP, not to JSON.
 */
public final class IngestLoad {

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>(Map.of("batch", "50", "concurrency", "16", "warmup-seconds", "10",
        "measure-seconds", "20", "node-pid", "0"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    URI url = URI.create(o.get("url"));
    int batch = Integer.parseInt(o.get("batch"));
    int concurrency = Integer.parseInt(o.get("concurrency"));
    long warmupMs = Long.parseLong(o.get("warmup-seconds")) * 1000;
    long measureMs = Long.parseLong(o.get("measure-seconds")) * 1000;
    long nodePid = Long.parseLong(o.get("node-pid"));

    Buffer[] bodies = new Buffer[64];
    for (int b = 0; b < bodies.length; b++) {
      bodies[b] = body(batch, b);
    }
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
        .setDefaultHost(url.getHost()).setDefaultPort(url.getPort()), new PoolOptions().setHttp1MaxSize(concurrency));

    long start = System.currentTimeMillis();
    long measureFrom = start + warmupMs;
    long measureTo = measureFrom + measureMs;
    long[] latenciesUs = new long[10_000_000];
    AtomicLong samples = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch lanes = new CountDownLatch(concurrency);
    long[][] cpu = new long[2][];
    vertx.setTimer(Math.max(1, warmupMs), id -> cpu[0] = cpuNow(nodePid));
    vertx.setTimer(warmupMs + measureMs, id -> {
      cpu[1] = cpuNow(nodePid);
      stop.set(true);
    });
    for (int lane = 0; lane < concurrency; lane++) {
      int first = lane;
      vertx.runOnContext(v -> post(client, bodies, first, stop, lanes, (status, events, tookUs, sentAt) -> {
        if (sentAt < measureFrom || sentAt >= measureTo) {
          return;
        }
        if (status == 202) {
          accepted.addAndGet(events);
          long n = samples.getAndIncrement();
          if (n < latenciesUs.length) {
            latenciesUs[(int) n] = tookUs;
          }
        } else {
          refused.incrementAndGet();
        }
      }));
    }
    lanes.await();
    int n = (int) Math.min(samples.get(), latenciesUs.length);
    long[] sorted = Arrays.copyOf(latenciesUs, n);
    Arrays.sort(sorted);
    double seconds = measureMs / 1000.0;
    double machineCores = (cpu[1][2] - cpu[0][2]) / (seconds * 100.0);
    double nodeCores = (cpu[1][0] - cpu[0][0]) / (seconds * 100.0);
    double genCores = (cpu[1][1] - cpu[0][1]) / (seconds * 100.0);
    System.out.printf("batch=%d concurrency=%d events_per_s=%.0f posts_per_s=%.0f p50_ms=%.2f p99_ms=%.2f "
            + "non_202=%d node_cpu_pct=%.0f gen_cpu_pct=%.0f others_cpu_pct=%.0f%n",
        batch, concurrency, accepted.get() / seconds, n / seconds, pct(sorted, 0.50) / 1000.0,
        pct(sorted, 0.99) / 1000.0, refused.get(), 100 * nodeCores, 100 * genCores,
        Math.max(0, 100 * (machineCores - nodeCores - genCores)));
    client.close();
    vertx.close();
  }

  interface Outcome {
    void record(int status, int events, long tookUs, long sentAtMs);
  }

  private static void post(HttpClient client, Buffer[] bodies, int index, AtomicBoolean stop, CountDownLatch lanes,
      Outcome outcome) {
    if (stop.get()) {
      lanes.countDown();
      return;
    }
    Buffer body = bodies[index % bodies.length];
    int events = body.getInt(0);
    long sentAt = System.currentTimeMillis();
    long t0 = System.nanoTime();
    client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/events")
            .putHeader("Content-Type", "application/json").putHeader("X-Device-Id", "bench-device"))
        .compose(req -> req.send(body.slice(4, body.length())))
        .onComplete(done -> {
          long tookUs = (System.nanoTime() - t0) / 1000;
          if (done.succeeded()) {
            done.result().body().onComplete(b -> {
              outcome.record(done.result().statusCode(), events, tookUs, sentAt);
              post(client, bodies, index + 1, stop, lanes, outcome);
            });
          } else {
            outcome.record(-1, events, tookUs, sentAt);
            post(client, bodies, index + 1, stop, lanes, outcome);
          }
        });
  }

  /** The event count (4 bytes) and the JSON body: plays and heartbeats of 1,000 devices over 100 videos. */
  private static Buffer body(int batch, int seed) {
    JsonArray events = new JsonArray();
    String prefix = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < batch; i++) {
      int k = seed * batch + i;
      JsonObject e = new JsonObject().put("eventId", prefix + "-" + i).put("deviceId", "dev" + (k % 1000))
          .put("videoId", "video" + (k % 100)).put("clientTime", System.currentTimeMillis());
      if (i % 5 == 0) {
        e.put("type", "play");
      } else {
        e.put("type", "heartbeat").put("position", 10.0 * (i % 60)).put("watchedSeconds", 10);
      }
      events.add(e);
    }
    return Buffer.buffer().appendInt(batch).appendString(new JsonObject().put("events", events).encode());
  }

  /** {node ticks, own ticks, machine busy ticks}. */
  private static long[] cpuNow(long nodePid) {
    return new long[] {nodePid > 0 ? ProcStats.processTicks(nodePid) + ProcStats.descendantTicks(nodePid) : 0,
        ProcStats.processTicks(ProcessHandle.current().pid()), ProcStats.machineTicks()[0]};
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
