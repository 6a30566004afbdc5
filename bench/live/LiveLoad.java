import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Load generator for Reelay's live ingest (see bench/live/run.sh). N RTMP publishers replay one pre-encoded FLV
 * file in real time (looped, timestamps kept increasing), each on a Vert.x NetClient socket of its own, with a
 * minimal RTMP client written here (handshake, chunk writer, AMF0 commands). Every k-th stream is also watched:
 * a LL-HLS client follows its playlist with blocking reloads, fetches every new part, reads the video track's
 * tfdt/trun and compares what reached the playlist with what was sent, frame by frame.
 *
 * <p>After the warm-up it prints one line of {@code key=value} figures for the measuring window, then keeps
 * publishing (so the caller can measure the node's heap with the streams live) until it is killed, or exits
 * at once with {@code --linger-seconds 0}.
 *
 * <p>Usage: {@code java -cp "$CP" bench/live/LiveLoad.java --url http://127.0.0.1:PORT --flv file.flv
 * --publishers N [--key value]...}; the options and their defaults are in {@link Options#parse}.
 */
public final class LiveLoad {

  record Options(String url, long nodePid, String flv, int publishers, int sampleEvery, int eventLoops,
      double staggerSeconds, int warmupSeconds, int measureSeconds, int lingerSeconds, String user) {
    static Options parse(String[] args) {
      Map<String, String> a = new HashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
      }
      return new Options(a.get("url"), Long.parseLong(a.getOrDefault("node-pid", "0")), a.get("flv"),
          Integer.parseInt(a.getOrDefault("publishers", "1")), Integer.parseInt(a.getOrDefault("sample-every", "10")),
          Integer.parseInt(a.getOrDefault("event-loops", "2")), Double.parseDouble(a.getOrDefault("stagger-seconds", "5")),
          Integer.parseInt(a.getOrDefault("warmup-seconds", "30")), Integer.parseInt(a.getOrDefault("measure-seconds", "30")),
          Integer.parseInt(a.getOrDefault("linger-seconds", "600")), a.getOrDefault("user", "livebench"));
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Flv flv = Flv.read(Path.of(o.flv));
    Api api = new Api(o.url);
    String token = api.token(o.user, "live-bench-password-1");
    int rtmpPort = new JsonObject(api.get("/ops/health")).getJsonObject("endpoints").getJsonObject("rtmp").getInteger("port");
    List<String[]> streams = new ArrayList<>(); // {id, key}
    for (int i = 0; i < o.publishers; i++) {
      JsonObject s = new JsonObject(api.post("/api/streams", new JsonObject().put("title", "bench " + i).encode(), token));
      streams.add(new String[] {s.getString("id"), s.getString("streamKey")});
    }
    // One more event loop than publisher groups: the watchers' own, as a viewer does not share a loop with
    // publishers pushing hundreds of Mb/s (a reply would wait behind their writes and look like a late part).
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.eventLoops + 1));
    URI base = URI.create(o.url);
    List<Group> groups = new ArrayList<>();
    Group watchers = new Group(o, flv, base.getHost(), base.getPort(), rtmpPort, null);
    groups.add(watchers); // deployed first: publishers hand it their watched streams as they start
    for (int g = 0; g < o.eventLoops; g++) {
      groups.add(new Group(o, flv, base.getHost(), base.getPort(), rtmpPort, watchers));
    }
    long start = System.nanoTime();
    long gap = o.publishers <= 1 ? 0 : (long) (o.staggerSeconds * 1e9 / (o.publishers - 1));
    for (int i = 0; i < o.publishers; i++) {
      boolean watched = o.sampleEvery > 0 && i % o.sampleEvery == 0;
      groups.get(1 + i % o.eventLoops).planned.add(new Publisher(i, streams.get(i)[0], streams.get(i)[1], start + i * gap, watched));
    }
    for (Group g : groups) {
      vertx.deployVerticle(g).await();
    }
    Thread.sleep((long) (o.staggerSeconds * 1000) + o.warmupSeconds * 1000L);

    Prometheus metrics = new Prometheus(o.url);
    String scrapeA = metrics.scrape();
    Cpu.Snap a = Cpu.snap(o.nodePid);
    long t0 = System.nanoTime();
    for (Group g : groups) {
      g.call(() -> g.window(t0, Long.MAX_VALUE));
    }
    Thread.sleep(o.measureSeconds * 1000L);
    long t1 = System.nanoTime();
    Cpu.Snap b = Cpu.snap(o.nodePid);
    String scrapeB = metrics.scrape();
    for (Group g : groups) {
      g.call(() -> g.window(t0, t1));
    }
    Thread.sleep(1500); // parts listed just before t1 are fetched and parsed

    Stats total = new Stats();
    for (Group g : groups) {
      total.add(g.call(() -> g.stats()));
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("publishers", Integer.toString(o.publishers));
    f.put("publishing", Long.toString(total.publishing));
    f.put("publish_failures", Long.toString(total.failures));
    f.put("disconnects", Long.toString(total.disconnects));
    f.put("behind_max_ms", fmt(total.behindMaxNanos / 1e6));
    f.put("publishers_behind_1s", Long.toString(total.behind1s));
    f.put("video_frames_sent_per_s", fmt(total.videoFramesSent / ((t1 - t0) / 1e9)));
    f.put("mbit_sent_per_s", fmt(total.bytesSent * 8 / ((t1 - t0) / 1e9) / 1e6));
    f.put("watched", Long.toString(total.watched));
    f.put("frames_expected", Long.toString(total.framesExpected));
    f.put("frames_listed", Long.toString(total.framesListed));
    f.put("frames_missing", Long.toString(total.framesExpected - total.framesListed));
    f.put("timeline_gaps", Long.toString(total.gaps));
    f.put("parts", Long.toString(total.partInterval.getTotalCount()));
    f.put("part_interval_p50_ms", ms(total.partInterval, 50));
    f.put("part_interval_p99_ms", ms(total.partInterval, 99));
    f.put("part_interval_max_ms", fmt(total.partInterval.getMaxValue() / 1000.0));
    f.put("parts_late_600ms", Long.toString(total.late));
    f.put("part_latency_p50_ms", ms(total.partLatency, 50));
    f.put("part_latency_p99_ms", ms(total.partLatency, 99));
    f.put("part_latency_max_ms", fmt(total.partLatency.getMaxValue() / 1000.0));
    f.put("probe_p50_ms", ms(total.probeLatency, 50));
    f.put("probe_p99_ms", ms(total.probeLatency, 99));
    f.put("probe_max_ms", fmt(total.probeLatency.getMaxValue() / 1000.0));
    f.put("seg_latency_p50_ms", ms(total.segLatency, 50));
    f.put("seg_latency_p99_ms", ms(total.segLatency, 99));
    f.put("segments", Long.toString(total.segLatency.getTotalCount()));
    f.put("reload_errors", Long.toString(total.reloadErrors));
    f.put("unmatched_frames", Long.toString(total.unmatched));
    f.put("part_hold_back_s", total.partHoldBack == null ? "?" : total.partHoldBack);
    f.put("server_part_delay_p50_ms", fmt(1000 * Prometheus.value(scrapeB, "reelay_live_part_delay_seconds", "quantile=\"0.5\"")));
    f.put("server_part_delay_p99_ms", fmt(1000 * Prometheus.value(scrapeB, "reelay_live_part_delay_seconds", "quantile=\"0.99\"")));
    double parts = Prometheus.value(scrapeB, "reelay_live_part_delay_seconds_count", "") - Prometheus.value(scrapeA, "reelay_live_part_delay_seconds_count", "");
    double sum = Prometheus.value(scrapeB, "reelay_live_part_delay_seconds_sum", "") - Prometheus.value(scrapeA, "reelay_live_part_delay_seconds_sum", "");
    f.put("server_part_delay_mean_ms", fmt(parts > 0 ? 1000 * sum / parts : -1));
    f.put("server_parts_per_s", fmt(parts / ((t1 - t0) / 1e9)));
    f.put("segments_forced", fmt(Prometheus.value(scrapeB, "reelay_live_segments_forced_total", "") - Prometheus.value(scrapeA, "reelay_live_segments_forced_total", "")));
    f.put("timestamps_repaired", fmt(Prometheus.value(scrapeB, "reelay_live_timestamps_repaired_total", "") - Prometheus.value(scrapeA, "reelay_live_timestamps_repaired_total", "")));
    f.put("live_streams", fmt(Prometheus.value(scrapeB, "reelay_live_streams", "")));
    double s = (t1 - t0) / 1e9;
    double node = Cpu.pct(b.node - a.node, s);
    double services = Cpu.pct(b.services - a.services, s);
    double self = Cpu.pct(b.self - a.self, s);
    double cores = (b.machine[1] - a.machine[1]) / (s * ProcStats.TICKS_PER_SECOND);
    double machine = cores <= 0 ? 0 : 100.0 * (b.machine[0] - a.machine[0]) / (b.machine[1] - a.machine[1]) * cores;
    f.put("node_cpu_pct", fmt(node));
    f.put("node_sys_cpu_pct", fmt(Cpu.pct(b.nodeSys - a.nodeSys, s)));
    f.put("node_services_cpu_pct", fmt(services));
    f.put("node_cpu_per_stream_pct", fmt(node / o.publishers));
    f.put("gen_cpu_pct", fmt(self));
    f.put("machine_cpu_pct", fmt(machine));
    f.put("others_cpu_pct", fmt(Math.max(0, machine - node - services - self)));
    StringBuilder line = new StringBuilder();
    f.forEach((k, v) -> line.append(line.length() == 0 ? "" : " ").append(k).append('=').append(v));
    System.out.println(line);
    System.out.flush();
    if (o.lingerSeconds > 0) {
      System.out.println("lingering");
      System.out.flush();
      Thread.sleep(o.lingerSeconds * 1000L);
    }
    System.exit(0);
  }

  static String ms(Histogram h, double p) {
    return h.getTotalCount() == 0 ? "-1" : fmt(h.getValueAtPercentile(p) / 1000.0);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v).replaceFirst("\\.?0+$", "");
  }

  // ------------------------------------------------------------------------------------------------ FLV

  /**
   * The file's tags, each already cut into RTMP chunks of 4096 bytes (type-3 continuation headers inserted):
   * shared by all publishers; only the 12-byte type-0 header of each message is built per send.
   */
  static final class Flv {
    byte[] metadata; // the script tag's payload (onMetaData + its array), or null
    final List<Tag> tags = new ArrayList<>();
    long loopMs;
    long firstVideoTs = -1;

    record Tag(int type, long ts, int size, byte[] chunkedBody, boolean header, boolean video) { }

    static Flv read(Path file) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
      if (b.get(0) != 'F' || b.get(1) != 'L' || b.get(2) != 'V') {
        throw new IOException(file + " is not an FLV file");
      }
      Flv flv = new Flv();
      b.position(b.getInt(5) + 4); // header, then PreviousTagSize0
      long lastVideo = 0;
      int videoFrames = 0;
      while (b.remaining() >= 11) {
        int type = b.get() & 0x1F;
        int size = ((b.get() & 0xFF) << 16) | ((b.get() & 0xFF) << 8) | (b.get() & 0xFF);
        long ts = ((b.get() & 0xFF) << 16) | ((b.get() & 0xFF) << 8) | (b.get() & 0xFF) | ((long) (b.get() & 0xFF) << 24);
        b.position(b.position() + 3); // stream id
        if (b.remaining() < size + 4) {
          break;
        }
        byte[] data = new byte[size];
        b.get(data);
        b.getInt(); // PreviousTagSize
        if (type == 18) {
          if (flv.metadata == null) {
            flv.metadata = data;
          }
        } else if (type == 9 && size > 1 && data[1] == 2) {
          continue; // AVC end of sequence (ffmpeg writes one at the end of the file): no frame, and not mid-stream
        } else if ((type == 8 || type == 9) && size > 1) {
          boolean video = type == 9;
          boolean header = video ? (data[0] & 0x0F) == 7 && data[1] == 0 : ((data[0] & 0xF0) >> 4) == 10 && data[1] == 0;
          flv.tags.add(new Tag(type, ts, size, Rtmp.chunked(data, video ? Rtmp.VIDEO_CSID : Rtmp.AUDIO_CSID), header, video));
          if (video && !header) {
            if (flv.firstVideoTs < 0) {
              flv.firstVideoTs = ts;
            }
            lastVideo = ts;
            videoFrames++;
          }
        }
      }
      long first = flv.tags.isEmpty() ? 0 : flv.tags.get(0).ts;
      // One loop lasts as long as its video: the last frame's time plus one frame interval.
      flv.loopMs = lastVideo - first + Math.round((double) (lastVideo - flv.firstVideoTs) / Math.max(1, videoFrames - 1));
      // Audio past the video's end (ffmpeg's AAC runs ~60 ms longer) would overlap the next loop's first audio
      // frames and make the node repair their timestamps: cut it.
      long end = first + flv.loopMs;
      flv.tags.removeIf(t -> !t.video() && !t.header() && t.ts() >= end - 21);
      return flv;
    }
  }

  // ----------------------------------------------------------------------------------------------- RTMP

  static final class Rtmp {
    static final int CHUNK = 4096;
    static final int CONTROL_CSID = 2;
    static final int COMMAND_CSID = 3;
    static final int AUDIO_CSID = 4;
    static final int VIDEO_CSID = 6;

    /** A message's payload with a type-3 header byte before every chunk after the first. */
    static byte[] chunked(byte[] payload, int csid) {
      int extra = payload.length <= CHUNK ? 0 : (payload.length - 1) / CHUNK;
      byte[] out = new byte[payload.length + extra];
      int o = 0;
      for (int i = 0; i < payload.length; i += CHUNK) {
        if (i > 0) {
          out[o++] = (byte) (0xC0 | csid);
        }
        int n = Math.min(CHUNK, payload.length - i);
        System.arraycopy(payload, i, out, o, n);
        o += n;
      }
      return out;
    }

    /** The 12-byte type-0 chunk header (timestamps below 2^24 ms: 4.6 hours, more than any run). */
    static byte[] header(int csid, long ts, int length, int type, int streamId) {
      byte[] h = new byte[12];
      h[0] = (byte) csid;
      h[1] = (byte) (ts >> 16);
      h[2] = (byte) (ts >> 8);
      h[3] = (byte) ts;
      h[4] = (byte) (length >> 16);
      h[5] = (byte) (length >> 8);
      h[6] = (byte) length;
      h[7] = (byte) type;
      h[8] = (byte) streamId; // little-endian
      h[9] = (byte) (streamId >> 8);
      h[10] = (byte) (streamId >> 16);
      h[11] = (byte) (streamId >> 24);
      return h;
    }

    static Buffer message(int csid, int type, int streamId, long ts, byte[] payload) {
      return Buffer.buffer(header(csid, ts, payload.length, type, streamId)).appendBytes(chunked(payload, csid));
    }

    static Buffer c0c1() {
      byte[] c = new byte[1537];
      ThreadLocalRandom.current().nextBytes(c);
      c[0] = 3;
      for (int i = 1; i < 9; i++) {
        c[i] = 0; // time 0, zero field: the simple handshake
      }
      return Buffer.buffer(c);
    }

    /** connect, createStream and publish, pipelined (the server answers in order; the stream id is 1). */
    static Buffer commands(String tcUrl, String key) {
      Amf amf = new Amf();
      byte[] connect = amf.reset().str("connect").num(1).obj("app", "live", "type", "nonprivate",
          "flashVer", "FMLE/3.0 (compatible; LiveLoad)", "tcUrl", tcUrl).bytes();
      byte[] create = amf.reset().str("createStream").num(2).nul().bytes();
      byte[] publish = amf.reset().str("publish").num(3).nul().str(key).str("live").bytes();
      return Buffer.buffer()
          .appendBuffer(message(CONTROL_CSID, 1, 0, 0, new byte[] {0, 0, 0x10, 0})) // Set Chunk Size 4096
          .appendBuffer(message(COMMAND_CSID, 20, 0, 0, connect))
          .appendBuffer(message(COMMAND_CSID, 20, 0, 0, create))
          .appendBuffer(message(COMMAND_CSID, 20, 1, 0, publish));
    }

    static Buffer setDataFrame(byte[] metadata) {
      byte[] name = new Amf().str("@setDataFrame").bytes();
      byte[] p = new byte[name.length + metadata.length];
      System.arraycopy(name, 0, p, 0, name.length);
      System.arraycopy(metadata, 0, p, name.length, metadata.length);
      return message(COMMAND_CSID, 18, 1, 0, p);
    }
  }

  /** The few AMF0 values the commands need. */
  static final class Amf {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    Amf reset() {
      out.reset();
      return this;
    }

    Amf str(String s) {
      out.write(2);
      raw(s);
      return this;
    }

    private void raw(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.write(b.length >> 8);
      out.write(b.length);
      out.writeBytes(b);
    }

    Amf num(double d) {
      out.write(0);
      out.writeBytes(ByteBuffer.allocate(8).putDouble(d).array());
      return this;
    }

    Amf nul() {
      out.write(5);
      return this;
    }

    Amf obj(String... kv) {
      out.write(3);
      for (int i = 0; i < kv.length; i += 2) {
        raw(kv[i]);
        str(kv[i + 1]);
      }
      out.writeBytes(new byte[] {0, 0, 9});
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  // ------------------------------------------------------------------------------------- publishers

  /** One publisher and, if watched, its LL-HLS follower. Used only on its group's event loop. */
  static final class Publisher {
    /** How far a frame's timestamp may be from the one written and still match it (ms rounding, calibration). */
    static final long SENT_MATCH_MS = 2;
    final int index;
    final String streamId;
    final String key;
    final long startAt;
    final boolean watched;
    NetSocket socket;
    Buffer handshake = Buffer.buffer();
    String replies = "";
    boolean publishing;
    boolean blocked;
    boolean closed;
    long epochNanos; // when FLV time firstTs is due
    int next;
    int loop;
    long behindMax; // in the window
    // Video frames sent: absolute FLV timestamp (ms, loops added) -> nanoTime written. Ring, watched only.
    long[] sentTs;
    long[] sentNanos;
    int sentCount;

    Publisher(int index, String streamId, String key, long startAt, boolean watched) {
      this.index = index;
      this.streamId = streamId;
      this.key = key;
      this.startAt = startAt;
      this.watched = watched;
      if (watched) {
        sentTs = new long[1 << 13];
        sentNanos = new long[1 << 13];
      }
    }

    // Written on the publisher's loop, read on the watchers' loop.
    synchronized void recordSent(long ts, long nanos) {
      int i = sentCount & (sentTs.length - 1);
      sentTs[i] = ts;
      sentNanos[i] = nanos;
      sentCount++;
    }

    /**
     * When the video frame at {@code ts} was written, or -1 if it is not (or no longer) known. Within a
     * millisecond or two: an MPEG-TS source's timestamps are rounded to whole milliseconds here.
     */
    synchronized long sentAt(long ts) {
      int first = Math.max(0, sentCount - sentTs.length);
      int lo = first;
      int hi = sentCount - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        long v = sentTs[mid & (sentTs.length - 1)];
        if (v < ts) {
          lo = mid + 1;
        } else if (v > ts) {
          hi = mid - 1;
        } else {
          return sentNanos[mid & (sentTs.length - 1)];
        }
      }
      for (int k : new int[] {lo - 1, lo}) { // the neighbours of where ts would be
        if (k >= first && k < sentCount && Math.abs(sentTs[k & (sentTs.length - 1)] - ts) <= SENT_MATCH_MS) {
          return sentNanos[k & (sentTs.length - 1)];
        }
      }
      return -1;
    }

    /** Video frames written with a timestamp in [fromTs, toTs). */
    synchronized long sentBetween(long fromTs, long toTs) {
      long n = 0;
      for (int k = Math.max(0, sentCount - sentTs.length); k < sentCount; k++) {
        long v = sentTs[k & (sentTs.length - 1)];
        if (v >= fromTs && v < toTs) {
          n++;
        }
      }
      return n;
    }
  }

  static final class Stats {
    long publishing;
    long failures;
    long disconnects;
    long behindMaxNanos;
    long behind1s;
    long videoFramesSent;
    long bytesSent;
    long watched;
    long framesExpected;
    long framesListed;
    long gaps;
    long late;
    long reloadErrors;
    long unmatched;
    String partHoldBack;
    final Histogram partInterval = new Histogram(3_600_000_000L, 3); // µs
    final Histogram partLatency = new Histogram(3_600_000_000L, 3);
    final Histogram segLatency = new Histogram(3_600_000_000L, 3);
    final Histogram probeLatency = new Histogram(3_600_000_000L, 3); // plain playlist GETs: the node's responsiveness

    void add(Stats o) {
      publishing += o.publishing;
      failures += o.failures;
      disconnects += o.disconnects;
      behindMaxNanos = Math.max(behindMaxNanos, o.behindMaxNanos);
      behind1s += o.behind1s;
      videoFramesSent += o.videoFramesSent;
      bytesSent += o.bytesSent;
      watched += o.watched;
      framesExpected += o.framesExpected;
      framesListed += o.framesListed;
      gaps += o.gaps;
      late += o.late;
      reloadErrors += o.reloadErrors;
      unmatched += o.unmatched;
      partHoldBack = partHoldBack != null ? partHoldBack : o.partHoldBack;
      partInterval.add(o.partInterval);
      partLatency.add(o.partLatency);
      segLatency.add(o.segLatency);
      probeLatency.add(o.probeLatency);
    }
  }

  /** Publishers on one event loop, paced by one 2 ms timer; or (watchGroup null) the watchers of sampled streams. */
  static final class Group extends VerticleBase {
    static final byte[] PUBLISH_START = "NetStream.Publish.Start".getBytes(StandardCharsets.US_ASCII);
    final Options o;
    final Flv flv;
    final String httpHost;
    final int httpPort;
    final int rtmpPort;
    final List<Publisher> planned = new ArrayList<>();
    NetClient net;
    HttpClientAgent http;
    long windowFrom = Long.MAX_VALUE;
    long windowTo = Long.MAX_VALUE;
    final Stats stats = new Stats();
    String partHoldBack;

    /** Where this group's watched streams are followed (null: this is that group). */
    final Group watchGroup;
    final List<Watcher> watchers = new ArrayList<>();

    Group(Options o, Flv flv, String httpHost, int httpPort, int rtmpPort, Group watchGroup) {
      this.watchGroup = watchGroup;
      this.o = o;
      this.flv = flv;
      this.httpHost = httpHost;
      this.httpPort = httpPort;
      this.rtmpPort = rtmpPort;
    }

    @Override
    public Future<?> start() {
      net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000));
      http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
          new PoolOptions().setHttp1MaxSize(4 * o.publishers + 8));
      for (Publisher p : planned) {
        vertx.setTimer(Math.max(1, (p.startAt - System.nanoTime()) / 1_000_000), id -> connect(p));
      }
      vertx.setPeriodic(2, id -> pace());
      return Future.succeededFuture();
    }

    <T> T call(java.util.concurrent.Callable<T> c) throws Exception {
      CompletableFuture<T> f = new CompletableFuture<>();
      context.runOnContext(v -> {
        try {
          f.complete(c.call());
        } catch (Exception e) {
          f.completeExceptionally(e);
        }
      });
      return f.get(30, TimeUnit.SECONDS);
    }

    Vertx vx() {
      return vertx;
    }

    boolean inWindow(long nanos) {
      return nanos >= windowFrom && nanos < windowTo;
    }

    Void window(long from, long to) {
      windowFrom = from;
      windowTo = to;
      return null;
    }

    void connect(Publisher p) {
      net.connect(rtmpPort, "127.0.0.1").onComplete(ar -> {
        if (ar.failed()) {
          stats.failures++;
          System.err.println("publisher " + p.index + ": connect failed: " + ar.cause());
          return;
        }
        p.socket = ar.result();
        p.socket.handler(data -> onBytes(p, data));
        p.socket.closeHandler(v -> {
          if (!p.closed) {
            p.closed = true;
            stats.disconnects++;
            System.err.println("publisher " + p.index + " (stream " + p.streamId + "): disconnected by the node");
          }
        });
        p.socket.exceptionHandler(e -> { });
        p.socket.write(Rtmp.c0c1());
      });
    }

    void onBytes(Publisher p, Buffer data) {
      if (p.publishing) {
        return; // acknowledgements and the like: nothing to do
      }
      if (p.handshake != null) {
        p.handshake.appendBuffer(data);
        if (p.handshake.length() < 3073) {
          return;
        }
        Buffer s1 = p.handshake.getBuffer(1, 1537);
        Buffer rest = p.handshake.getBuffer(3073, p.handshake.length());
        p.handshake = null;
        String tcUrl = "rtmp://127.0.0.1:" + rtmpPort + "/live";
        p.socket.write(s1.copy().appendBuffer(Rtmp.commands(tcUrl, p.key)));
        data = rest;
      }
      // Replies are small and few: keep the text until the publish is answered.
      p.replies = p.replies + data.toString(StandardCharsets.ISO_8859_1);
      if (p.replies.contains("NetStream.Publish.Start")) {
        if (flv.metadata != null) {
          p.socket.write(Rtmp.setDataFrame(flv.metadata));
        }
        p.replies = null;
        p.publishing = true;
        stats.publishing++;
        p.epochNanos = System.nanoTime();
        p.socket.drainHandler(v -> {
          p.blocked = false;
          send(p, System.nanoTime());
        });
        if (p.watched) {
          Group w = watchGroup;
          w.context.runOnContext(v -> {
            Watcher watcher = new Watcher(w, p);
            w.watchers.add(watcher);
            watcher.start();
          });
        }
        send(p, System.nanoTime());
      } else if (p.replies.contains("_error") || p.replies.contains("BadName") || p.replies.contains("Failed")) {
        stats.failures++;
        System.err.println("publisher " + p.index + ": refused: " + p.replies.replaceAll("[^ -~]", "."));
        p.replies = "";
      }
    }

    void pace() {
      long now = System.nanoTime();
      for (Publisher p : planned) {
        if (p.publishing && !p.blocked && !p.closed) {
          send(p, now);
        }
      }
    }

    /** Writes every tag that is due; stops when the socket's write queue is full (the drain handler resumes). */
    void send(Publisher p, long now) {
      List<Flv.Tag> tags = flv.tags;
      long first = tags.get(0).ts;
      while (true) {
        Flv.Tag tag = tags.get(p.next);
        long ts = tag.ts() + (long) p.loop * flv.loopMs;
        long due = p.epochNanos + (ts - first) * 1_000_000;
        if (due > now) {
          return;
        }
        if (p.loop == 0 || !tag.header()) { // sequence headers only once
          byte[] h = Rtmp.header(tag.video() ? Rtmp.VIDEO_CSID : Rtmp.AUDIO_CSID, ts, tag.size(), tag.type(), 1);
          p.socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(h, tag.chunkedBody())));
          long written = System.nanoTime();
          if (inWindow(written)) {
            stats.bytesSent += h.length + tag.chunkedBody().length;
            long behind = written - due;
            if (behind > p.behindMax) {
              p.behindMax = behind;
            }
            if (tag.video() && !tag.header()) {
              stats.videoFramesSent++;
            }
          }
          if (p.watched && tag.video() && !tag.header()) {
            p.recordSent(ts, written);
          }
        }
        if (++p.next == tags.size()) {
          p.next = 0;
          p.loop++;
        }
        if (p.socket.writeQueueFull()) {
          p.blocked = true;
          return;
        }
        now = System.nanoTime();
      }
    }

    Stats stats() {
      Stats s = new Stats();
      s.add(stats);
      s.behindMaxNanos = 0;
      for (Publisher p : planned) {
        s.behindMaxNanos = Math.max(s.behindMaxNanos, p.behindMax);
        if (p.behindMax > 1_000_000_000L) {
          s.behind1s++;
        }
      }
      for (Watcher w : watchers) {
        s.watched++;
        w.addTo(s);
      }
      s.partHoldBack = partHoldBack;
      return s;
    }
  }

  // ----------------------------------------------------------------------------------------- watcher

  /**
   * Follows one stream's LL-HLS playlist with blocking reloads for the next part, notes when each part and
   * segment is first listed, fetches every new part and reads its video track (track 1): base decode time and
   * sample durations. Frames: the parts listed in the window must hold, without a gap in decode time, every video
   * frame the publisher wrote with a timestamp in the span they cover.
   */
  static final class Watcher {
    /** Parts are numbered through the stream; their segment and index come from where they are listed. */
    static final Pattern PART = Pattern.compile("#EXT-X-PART:.*URI=\"part-(\\d+)\\.m4s\"");
    static final Pattern SEQUENCE = Pattern.compile("^#EXT-X-MEDIA-SEQUENCE:(\\d+)");
    static final Pattern SEG = Pattern.compile("^seg-(\\d+)\\.m4s");
    static final Pattern HOLD = Pattern.compile("PART-HOLD-BACK=([0-9.]+)");
    /** Under half a frame at 30 fps: how far a span's edges move so that rounding cannot drop an edge frame. */
    static final long EDGE_MARGIN_MS = 15;
    final Group g;
    final Publisher p;
    final String base;
    long lastMsn = -1;
    int lastPart = -1;
    long lastSeg = -1;
    long lastListedNanos;
    long calibration = Long.MIN_VALUE; // output DTS (90 kHz) = FLV ts * 90 + calibration
    // fetched parts of this stream, by key msn<<16|index: {listedNanos, firstDts, endDts, lastDts, samples}
    final Map<Long, long[]> parts = new HashMap<>();
    final Map<Long, long[]> segs = new HashMap<>(); // msn -> {listedNanos, lastPartIndex}
    long windowFirstDts = Long.MAX_VALUE;
    long windowEndDts = Long.MIN_VALUE;
    long windowFrames;
    long prevEndDts = Long.MIN_VALUE;
    final java.util.ArrayDeque<long[]> queue = new java.util.ArrayDeque<>();

    Watcher(Group g, Publisher p) {
      this.g = g;
      this.p = p;
      this.base = "/live/" + p.streamId + "/";
    }

    void start() {
      calibrate(0);
      probe();
    }

    /**
     * A plain (non-blocking) playlist request every 200 ms: how long the node takes to answer one when nothing is
     * awaited, to tell a slow node from a part published late.
     */
    void probe() {
      if (p.closed) {
        return;
      }
      long sent = System.nanoTime();
      fetch("index.m3u8").onComplete(ar -> {
        long now = System.nanoTime();
        if (ar.succeeded() && g.inWindow(sent)) {
          g.stats.probeLatency.recordValue((now - sent) / 1000);
        }
        g.vx().setTimer(200, id -> probe());
      });
    }

    /** part-1 holds the broadcast's first video frame, the first the publisher wrote: it gives the timeline. */
    void calibrate(int attempt) {
      fetch("part-1.m4s").onComplete(ar -> {
        long[] v = ar.succeeded() ? Mp4.video(ar.result()) : null;
        if (v != null) {
          calibration = v[0] - g.flv.firstVideoTs * 90;
          reload();
          reloadSegments();
        } else if (attempt < 50) {
          g.vx().setTimer(200, id -> calibrate(attempt + 1));
        } else {
          System.err.println("stream " + p.streamId + ": part-1 never came: " + ar.cause());
          reload();
          reloadSegments();
        }
      });
    }

    Future<Buffer> fetch(String name) {
      RequestOptions r = new RequestOptions().setMethod(HttpMethod.GET).setHost(g.httpHost).setPort(g.httpPort)
          .setURI(base + name).setTimeout(15_000);
      return g.http.request(r).compose(req -> req.send().compose(resp -> resp.body().map(b -> {
        if (resp.statusCode() != 200) {
          throw new IllegalStateException(name + ": " + resp.statusCode());
        }
        return b;
      })));
    }

    void reload() {
      if (p.closed) {
        return;
      }
      String q = lastMsn < 0 ? "index.m3u8" : "index.m3u8?_HLS_msn=" + lastMsn + "&_HLS_part=" + (lastPart + 1);
      fetch(q).onComplete(ar -> {
        long now = System.nanoTime();
        if (ar.failed()) {
          if (g.inWindow(now)) {
            g.stats.reloadErrors++;
          }
          g.vx().setTimer(100, id -> reload());
          return;
        }
        playlist(ar.result().toString(StandardCharsets.UTF_8), now, false);
        reload();
      });
    }

    /**
     * Segments are followed by a second blocking loop, {@code _HLS_msn} alone (wait for segment M to finish), as
     * a segment-only client does: the reply to a request for a part shows a segment's EXTINF only one part later.
     */
    void reloadSegments() {
      if (p.closed) {
        return;
      }
      String q = lastSeg < 0 ? "index.m3u8" : "index.m3u8?_HLS_msn=" + (lastSeg + 1);
      fetch(q).onComplete(ar -> {
        long now = System.nanoTime();
        if (ar.failed()) {
          if (g.inWindow(now)) {
            g.stats.reloadErrors++;
          }
          g.vx().setTimer(100, id -> reloadSegments());
          return;
        }
        playlist(ar.result().toString(StandardCharsets.UTF_8), now, true);
        reloadSegments();
      });
    }

    void playlist(String text, long now, boolean forSegments) {
      if (g.partHoldBack == null) {
        Matcher h = HOLD.matcher(text);
        if (h.find()) {
          g.partHoldBack = h.group(1);
        }
      }
      Map<Long, Integer> lastPartOf = new HashMap<>();
      List<Long> newSegs = new ArrayList<>();
      long cur = 0; // the segment the lines being read belong to, and the index of its next part
      int idx = 0;
      for (String line : text.split("\n")) {
        Matcher sq = SEQUENCE.matcher(line);
        if (sq.find()) {
          cur = Long.parseLong(sq.group(1));
          continue;
        }
        Matcher m = PART.matcher(line);
        if (m.find() && forSegments) {
          lastPartOf.merge(cur, idx++, Math::max);
          continue;
        }
        if (m.find(0)) {
          long msn = cur;
          int i = idx++;
          long number = Long.parseLong(m.group(1));
          lastPartOf.merge(msn, i, Math::max);
          if (msn > lastMsn || (msn == lastMsn && i > lastPart)) {
            if (lastMsn >= 0 && g.inWindow(now)) {
              long interval = now - lastListedNanos;
              g.stats.partInterval.recordValue(Math.max(0, interval / 1000));
              if (interval > 600_000_000L) {
                g.stats.late++;
                System.err.printf("late part: stream %s part %d listed %d ms after the one before, at %d ms epoch%n",
                    p.streamId, number, interval / 1_000_000, System.currentTimeMillis());
              }
            }
            lastListedNanos = now;
            lastMsn = msn;
            lastPart = i;
            part(msn, i, number, now);
          }
          continue;
        }
        Matcher s = SEG.matcher(line);
        if (s.find()) {
          cur = Long.parseLong(s.group(1)) + 1;
          idx = 0;
        }
        if (forSegments && s.find(0)) {
          long msn = Long.parseLong(s.group(1));
          if (msn > lastSeg) {
            if (lastSeg >= 0) {
              newSegs.add(msn);
            }
            lastSeg = msn;
          }
        }
      }
      for (long msn : newSegs) {
        Integer last = lastPartOf.get(msn);
        if (last != null && g.inWindow(now)) {
          segs.put(msn, new long[] {now, last});
          segmentLatency(msn);
        }
      }
    }

    /** Parts are fetched one at a time, in order, so each can be checked against the one before. */
    void part(long msn, int i, long number, long listed) {
      queue.add(new long[] {msn, i, listed, number});
      if (queue.size() == 1) {
        fetchNext();
      }
    }

    void fetchNext() {
      if (queue.isEmpty()) {
        return;
      }
      long[] q = queue.peekFirst();
      fetchPart(q[0], (int) q[1], q[2], q[3]).onComplete(v -> {
        queue.pollFirst();
        fetchNext();
      });
    }

    Future<Void> fetchPart(long msn, int i, long listed, long number) {
      long key = msn << 16 | i;
      return fetch("part-" + number + ".m4s").<Void>transform(ar -> {
        long[] v = ar.succeeded() ? Mp4.video(ar.result()) : null;
        if (v == null) {
          if (g.inWindow(listed)) {
            g.stats.reloadErrors++;
          }
          prevEndDts = Long.MIN_VALUE;
          return Future.succeededFuture();
        }
        parts.put(key, new long[] {listed, v[0], v[1], v[2], v[3]});
        parts.keySet().removeIf(k -> (k >> 16) < msn - 10);
        if (g.inWindow(listed) && calibration != Long.MIN_VALUE) {
          if (prevEndDts != Long.MIN_VALUE && v[0] != prevEndDts) {
            g.stats.gaps++;
          }
          windowFirstDts = Math.min(windowFirstDts, v[0]);
          windowEndDts = Math.max(windowEndDts, v[1]);
          windowFrames += v[3];
          long sent = p.sentAt(Math.round((v[2] - calibration) / 90.0));
          if (sent < 0) {
            g.stats.unmatched++;
          } else {
            g.stats.partLatency.recordValue(Math.max(0, (listed - sent) / 1000));
          }
        }
        prevEndDts = v[1];
        segmentLatency(msn);
        return Future.succeededFuture();
      });
    }

    void segmentLatency(long msn) {
      long[] seg = segs.get(msn);
      if (seg == null) {
        return;
      }
      long[] last = parts.get(msn << 16 | seg[1]);
      if (last == null || calibration == Long.MIN_VALUE) {
        return;
      }
      segs.remove(msn);
      long sent = p.sentAt(Math.round((last[3] - calibration) / 90.0));
      if (sent >= 0) {
        g.stats.segLatency.recordValue(Math.max(0, (seg[0] - sent) / 1000));
      }
    }

    void addTo(Stats s) {
      if (windowFrames > 0) {
        s.framesListed += windowFrames;
        // the frames written whose decode time falls in the span the listed parts cover; the edges are moved back
        // by about half a frame, as the sender's timestamps are whole milliseconds (an MPEG-TS source's 90 kHz
        // times rounded) and an edge frame must not fall out of the span by rounding alone
        long from = Math.round((windowFirstDts - calibration) / 90.0) - EDGE_MARGIN_MS;
        long to = Math.round((windowEndDts - calibration) / 90.0) - EDGE_MARGIN_MS;
        s.framesExpected += p.sentBetween(from, to);
      }
    }
  }

  /** Reads the video track (track_ID 1) of a part: moof/traf/tfhd, tfdt, trun. */
  static final class Mp4 {
    /** {base decode time, end decode time, last sample's decode time, sample count}, or null. */
    static long[] video(Buffer b) {
      int pos = 0;
      while (pos + 8 <= b.length()) {
        long size = b.getUnsignedInt(pos);
        String type = b.getString(pos + 4, pos + 8, "ISO-8859-1");
        if (size < 8) {
          return null;
        }
        if (type.equals("moof")) {
          return moof(b, pos + 8, (int) (pos + size));
        }
        pos += (int) size;
      }
      return null;
    }

    private static long[] moof(Buffer b, int from, int to) {
      for (int pos = from; pos + 8 <= to; ) {
        int size = (int) b.getUnsignedInt(pos);
        if (b.getString(pos + 4, pos + 8, "ISO-8859-1").equals("traf")) {
          long[] v = traf(b, pos + 8, pos + size);
          if (v != null) {
            return v;
          }
        }
        pos += size;
      }
      return null;
    }

    private static long[] traf(Buffer b, int from, int to) {
      long defaultDuration = 0;
      long tfdt = -1;
      long[] r = null;
      for (int pos = from; pos + 8 <= to; ) {
        int size = (int) b.getUnsignedInt(pos);
        String type = b.getString(pos + 4, pos + 8, "ISO-8859-1");
        int flags = b.getInt(pos + 8) & 0xFFFFFF;
        int version = b.getUnsignedByte(pos + 8);
        if (type.equals("tfhd")) {
          if (b.getInt(pos + 12) != 1) {
            return null; // not the video track
          }
          int q = pos + 16;
          q += (flags & 0x1) != 0 ? 8 : 0;
          q += (flags & 0x2) != 0 ? 4 : 0;
          if ((flags & 0x8) != 0) {
            defaultDuration = b.getUnsignedInt(q);
          }
        } else if (type.equals("tfdt")) {
          tfdt = version == 1 ? b.getLong(pos + 12) : b.getUnsignedInt(pos + 12);
        } else if (type.equals("trun")) {
          int count = b.getInt(pos + 12);
          int q = pos + 16;
          q += (flags & 0x1) != 0 ? 4 : 0;
          q += (flags & 0x4) != 0 ? 4 : 0;
          long total = 0;
          long beforeLast = 0;
          for (int i = 0; i < count; i++) {
            long d = defaultDuration;
            if ((flags & 0x100) != 0) {
              d = b.getUnsignedInt(q);
              q += 4;
            }
            q += (flags & 0x200) != 0 ? 4 : 0;
            q += (flags & 0x400) != 0 ? 4 : 0;
            q += (flags & 0x800) != 0 ? 4 : 0;
            if (i == count - 1) {
              beforeLast = total;
            }
            total += d;
          }
          r = new long[] {0, total, beforeLast, count};
        }
        pos += size;
      }
      if (r == null || tfdt < 0) {
        return null;
      }
      return new long[] {tfdt, tfdt + r[1], tfdt + r[2], r[3]};
    }
  }

  // ---------------------------------------------------------------------------------------- node side

  static final class Api {
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10)).build();
    final String url;

    Api(String url) {
      this.url = url;
    }

    String token(String user, String password) throws IOException, InterruptedException {
      String body = new JsonObject().put("username", user).put("password", password).encode();
      HttpResponse<String> r = send("/api/auth/register", body, null);
      if (r.statusCode() == 409) {
        r = send("/api/auth/login", body, null);
      }
      if (r.statusCode() / 100 != 2) {
        throw new IOException("cannot sign in: " + r.statusCode() + " " + r.body());
      }
      return new JsonObject(r.body()).getString("token");
    }

    String post(String path, String json, String token) throws IOException, InterruptedException {
      HttpResponse<String> r = send(path, json, token);
      if (r.statusCode() / 100 != 2) {
        throw new IOException(path + ": " + r.statusCode() + " " + r.body());
      }
      return r.body();
    }

    String get(String path) throws IOException, InterruptedException {
      return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(java.time.Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> send(String path, String json, String token) throws IOException, InterruptedException {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(java.time.Duration.ofSeconds(20)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** CPU ticks from /proc: the node (and its child processes, the embedded PostgreSQL and Redis), this JVM, the machine. */
  static final class Cpu {
    record Snap(long node, long nodeSys, long services, long self, long[] machine) { }

    static Snap snap(long nodePid) {
      long[] n = ProcStats.userSystemTicks(nodePid);
      long services = nodePid == 0 ? 0 : ProcStats.descendantTicks(nodePid);
      return new Snap(n[0] + n[1], n[1], services, ProcStats.processTicks(ProcessHandle.current().pid()),
          ProcStats.machineTicks());
    }

    static double pct(long ticks, double seconds) {
      return 100 * ticks / (seconds * ProcStats.TICKS_PER_SECOND);
    }
  }
}
