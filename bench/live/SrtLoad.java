import io.reelay.live.srt.SrtCaller;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Load generator for Reelay's SRT ingest (bench/live/run.sh with {@code PROTOCOL=srt}): the SRT twin of
 * {@link LiveLoad}. N SRT callers ({@link SrtCaller}: HSv5 handshake with {@code publish:{key}}, data, ACKACK,
 * retransmission on NAK, keepalive, shutdown) each replay one pre-encoded MPEG-TS file in real time, looped, on a
 * UDP socket of its own (the listener tells callers apart by socket id and checks their address), all on a few
 * event loops. Every k-th stream is watched exactly as LiveLoad does it: its {@link LiveLoad.Watcher} (and the
 * Group, Stats, Api and Cpu classes) are reused, so the figures mean the same for both protocols.
 *
 * <p>Pacing: each TS packet is due at the decode time (DTS) of the PES it belongs to, taken relative to the first
 * video frame (non-decreasing: PAT/PMT and PES continuations inherit the time before them). So every frame (with
 * the audio muxed after it) leaves at its DTS, as the RTMP publisher sends each FLV tag at its timestamp. Every 2 ms
 * the due packets go out, 7 per datagram (1316 bytes, as libsrt and ffmpeg send them), the last datagram of a burst
 * shorter rather than held back (ffmpeg's {@code -flush_packets 1}): a frame is never kept waiting for the next.
 * Each loop adds the file's length to PTS, DTS and PCR and continues every PID's continuity counter, so the node
 * sees one unbroken stream, like LiveLoad's looped FLV timestamps.
 *
 * <p>Besides LiveLoad's figures it prints the callers' SRT counters and, from the node's /metrics, its SRT
 * counters (loss, retransmissions, drops) and {@code reelay_srt_delivery_lateness}: how long after its TSBPD time
 * (sender timestamp + latency) the listener handed each message on, i.e. the latency the receiver adds.
 *
 * <p>Usage: as LiveLoad, with {@code --ts file.ts} instead of {@code --flv} and {@code --latency-ms} (120).
 */
public final class SrtLoad {

  public static void main(String[] args) throws Exception {
    LiveLoad.Options o = LiveLoad.Options.parse(args);
    Map<String, String> extra = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      extra.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Ts ts = Ts.read(Path.of(extra.get("ts")));
    int latency = Integer.parseInt(extra.getOrDefault("latency-ms", "120"));
    LiveLoad.Api api = new LiveLoad.Api(o.url());
    String token = api.token(o.user(), "live-bench-password-1");
    int srtPort = new JsonObject(api.get("/ops/health")).getJsonObject("endpoints").getJsonObject("srt").getInteger("port");
    List<String[]> streams = new ArrayList<>(); // {id, key}
    for (int i = 0; i < o.publishers(); i++) {
      JsonObject s = new JsonObject(api.post("/api/streams", new JsonObject().put("title", "srt bench " + i).encode(), token));
      streams.add(new String[] {s.getString("id"), s.getString("streamKey")});
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.eventLoops() + 1));
    URI base = URI.create(o.url());
    // The watchers' group is LiveLoad's (an LL-HLS client per watched stream); its "FLV" only gives the first video
    // timestamp, 0 here: callers record each frame sent at its DTS from the first frame, in ms.
    LiveLoad.Flv timeline = new LiveLoad.Flv();
    timeline.firstVideoTs = 0;
    LiveLoad.Group watchers = new LiveLoad.Group(o, timeline, base.getHost(), base.getPort(), 0, null);
    vertx.deployVerticle(watchers).await();
    Context watchContext = watchers.call(Vertx::currentContext);
    List<Callers> groups = new ArrayList<>();
    for (int g = 0; g < o.eventLoops(); g++) {
      groups.add(new Callers(ts, srtPort, latency, watchers, watchContext));
    }
    long start = System.nanoTime();
    long gap = o.publishers() <= 1 ? 0 : (long) (o.staggerSeconds() * 1e9 / (o.publishers() - 1));
    for (int i = 0; i < o.publishers(); i++) {
      boolean watched = o.sampleEvery() > 0 && i % o.sampleEvery() == 0;
      groups.get(i % o.eventLoops()).planned.add(new Caller(
          new LiveLoad.Publisher(i, streams.get(i)[0], streams.get(i)[1], start + i * gap, watched)));
    }
    for (Callers g : groups) {
      vertx.deployVerticle(g).await();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> groups.forEach(Callers::shutdown)));
    Thread.sleep((long) (o.staggerSeconds() * 1000) + o.warmupSeconds() * 1000L);

    Prometheus metrics = new Prometheus(o.url());
    String scrapeA = metrics.scrape();
    LiveLoad.Cpu.Snap a = LiveLoad.Cpu.snap(o.nodePid());
    long t0 = System.nanoTime();
    watchers.call(() -> watchers.window(t0, Long.MAX_VALUE));
    for (Callers g : groups) {
      g.call(() -> g.window(t0, Long.MAX_VALUE));
    }
    Thread.sleep(o.measureSeconds() * 1000L);
    long t1 = System.nanoTime();
    LiveLoad.Cpu.Snap b = LiveLoad.Cpu.snap(o.nodePid());
    String scrapeB = metrics.scrape();
    watchers.call(() -> watchers.window(t0, t1));
    for (Callers g : groups) {
      g.call(() -> g.window(t0, t1));
    }
    Thread.sleep(1500); // parts listed just before t1 are fetched and parsed

    LiveLoad.Stats total = watchers.call(watchers::stats);
    long[] srt = new long[Callers.COUNTERS];
    for (Callers g : groups) {
      total.add(g.call(g::stats));
      long[] c = g.call(g::counters);
      for (int i = 0; i < srt.length; i++) {
        srt[i] += c[i];
      }
    }
    double s = (t1 - t0) / 1e9;
    Map<String, String> f = new LinkedHashMap<>();
    f.put("publishers", Integer.toString(o.publishers()));
    f.put("protocol", "srt");
    f.put("latency_ms", Integer.toString(latency));
    f.put("publishing", Long.toString(total.publishing));
    f.put("publish_failures", Long.toString(total.failures));
    f.put("disconnects", Long.toString(total.disconnects));
    f.put("behind_max_ms", LiveLoad.fmt(total.behindMaxNanos / 1e6));
    f.put("publishers_behind_1s", Long.toString(total.behind1s));
    f.put("video_frames_sent_per_s", LiveLoad.fmt(total.videoFramesSent / s));
    f.put("mbit_sent_per_s", LiveLoad.fmt(total.bytesSent * 8 / s / 1e6));
    f.put("datagrams_sent_per_s", LiveLoad.fmt(srt[0] / s));
    f.put("caller_naked_packets", Long.toString(srt[1]));
    f.put("caller_retransmitted", Long.toString(srt[2]));
    f.put("caller_too_old_to_resend", Long.toString(srt[3]));
    f.put("watched", Long.toString(total.watched));
    f.put("frames_expected", Long.toString(total.framesExpected));
    f.put("frames_listed", Long.toString(total.framesListed));
    f.put("frames_missing", Long.toString(total.framesExpected - total.framesListed));
    f.put("timeline_gaps", Long.toString(total.gaps));
    f.put("parts", Long.toString(total.partInterval.getTotalCount()));
    f.put("part_interval_p50_ms", LiveLoad.ms(total.partInterval, 50));
    f.put("part_interval_p99_ms", LiveLoad.ms(total.partInterval, 99));
    f.put("part_interval_max_ms", LiveLoad.fmt(total.partInterval.getMaxValue() / 1000.0));
    f.put("parts_late_600ms", Long.toString(total.late));
    f.put("part_latency_p50_ms", LiveLoad.ms(total.partLatency, 50));
    f.put("part_latency_p99_ms", LiveLoad.ms(total.partLatency, 99));
    f.put("part_latency_max_ms", LiveLoad.fmt(total.partLatency.getMaxValue() / 1000.0));
    f.put("probe_p50_ms", LiveLoad.ms(total.probeLatency, 50));
    f.put("probe_p99_ms", LiveLoad.ms(total.probeLatency, 99));
    f.put("probe_max_ms", LiveLoad.fmt(total.probeLatency.getMaxValue() / 1000.0));
    f.put("seg_latency_p50_ms", LiveLoad.ms(total.segLatency, 50));
    f.put("seg_latency_p99_ms", LiveLoad.ms(total.segLatency, 99));
    f.put("segments", Long.toString(total.segLatency.getTotalCount()));
    f.put("reload_errors", Long.toString(total.reloadErrors));
    f.put("unmatched_frames", Long.toString(total.unmatched));
    f.put("part_hold_back_s", total.partHoldBack == null ? "?" : total.partHoldBack);
    f.put("server_part_delay_p50_ms", LiveLoad.fmt(1000 * Prometheus.value(scrapeB, "reelay_live_part_delay_seconds", "quantile=\"0.5\"")));
    f.put("server_part_delay_p99_ms", LiveLoad.fmt(1000 * Prometheus.value(scrapeB, "reelay_live_part_delay_seconds", "quantile=\"0.99\"")));
    f.put("server_part_delay_mean_ms", meanMs(scrapeA, scrapeB, "reelay_live_part_delay_seconds"));
    f.put("segments_forced", delta(scrapeA, scrapeB, "reelay_live_segments_forced_total"));
    f.put("timestamps_repaired", delta(scrapeA, scrapeB, "reelay_live_timestamps_repaired_total"));
    f.put("live_streams", LiveLoad.fmt(Prometheus.value(scrapeB, "reelay_live_streams", "")));
    // The node's per-connection SRT gauges are totals since each connection began: summed, the window's difference.
    f.put("srt_received", delta(scrapeA, scrapeB, "reelay_srt_packets_received"));
    f.put("srt_lost", delta(scrapeA, scrapeB, "reelay_srt_packets_lost"));
    f.put("srt_retransmitted", delta(scrapeA, scrapeB, "reelay_srt_packets_retransmitted"));
    f.put("srt_dropped", delta(scrapeA, scrapeB, "reelay_srt_packets_dropped"));
    f.put("srt_lost_total", LiveLoad.fmt(Prometheus.value(scrapeB, "reelay_srt_packets_lost", "")));
    f.put("srt_dropped_total", LiveLoad.fmt(Prometheus.value(scrapeB, "reelay_srt_packets_dropped", "")));
    f.put("srt_rtt_max_ms", LiveLoad.fmt(max(scrapeB, "reelay_srt_rtt_ms")));
    // Lateness: quantiles over the timer's sliding window (the last ~2 min); the mean is the window's own.
    f.put("srt_lateness_p50_ms", LiveLoad.fmt(1000 * Prometheus.value(scrapeB, "reelay_srt_delivery_lateness_seconds", "quantile=\"0.5\"")));
    f.put("srt_lateness_p99_ms", LiveLoad.fmt(1000 * Prometheus.value(scrapeB, "reelay_srt_delivery_lateness_seconds", "quantile=\"0.99\"")));
    f.put("srt_lateness_mean_ms", meanMs(scrapeA, scrapeB, "reelay_srt_delivery_lateness_seconds"));
    f.put("srt_lateness_max_ms", LiveLoad.fmt(1000 * Prometheus.value(scrapeB, "reelay_srt_delivery_lateness_seconds_max", "")));
    double node = LiveLoad.Cpu.pct(b.node() - a.node(), s);
    double services = LiveLoad.Cpu.pct(b.services() - a.services(), s);
    double self = LiveLoad.Cpu.pct(b.self() - a.self(), s);
    double cores = (b.machine()[1] - a.machine()[1]) / (s * ProcStats.TICKS_PER_SECOND);
    double machine = cores <= 0 ? 0 : 100.0 * (b.machine()[0] - a.machine()[0]) / (b.machine()[1] - a.machine()[1]) * cores;
    f.put("node_cpu_pct", LiveLoad.fmt(node));
    f.put("node_sys_cpu_pct", LiveLoad.fmt(LiveLoad.Cpu.pct(b.nodeSys() - a.nodeSys(), s)));
    f.put("node_services_cpu_pct", LiveLoad.fmt(services));
    f.put("node_cpu_per_stream_pct", LiveLoad.fmt(node / o.publishers()));
    f.put("gen_cpu_pct", LiveLoad.fmt(self));
    f.put("machine_cpu_pct", LiveLoad.fmt(machine));
    f.put("others_cpu_pct", LiveLoad.fmt(Math.max(0, machine - node - services - self)));
    StringBuilder line = new StringBuilder();
    f.forEach((k, v) -> line.append(line.length() == 0 ? "" : " ").append(k).append('=').append(v));
    System.out.println(line);
    System.out.flush();
    if (o.lingerSeconds() > 0) {
      System.out.println("lingering");
      System.out.flush();
      Thread.sleep(o.lingerSeconds() * 1000L);
    }
    System.exit(0); // the shutdown hook tells the listener every caller leaves
  }

  static String delta(String a, String b, String name) {
    return LiveLoad.fmt(Prometheus.value(b, name, "") - Prometheus.value(a, name, ""));
  }

  static String meanMs(String a, String b, String name) {
    double n = Prometheus.value(b, name + "_count", "") - Prometheus.value(a, name + "_count", "");
    double sum = Prometheus.value(b, name + "_sum", "") - Prometheus.value(a, name + "_sum", "");
    return LiveLoad.fmt(n > 0 ? 1000 * sum / n : -1);
  }

  static double max(String scrape, String name) {
    double m = 0;
    for (String l : scrape.split("\n")) {
      if (l.startsWith(name + "{")) {
        m = Math.max(m, Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)));
      }
    }
    return m;
  }

  // ----------------------------------------------------------------------------------------------- MPEG-TS

  /**
   * The file's TS packets (null packets left out) with what sending and looping need: when each is due, where its
   * PCR, PTS and DTS are (patched each loop), its PID's continuity step per loop, and the video DTS a packet
   * starting a video PES carries. Audio that would run past the loop's end is cut, as LiveLoad cuts the FLV's.
   */
  static final class Ts {
    static final int SIZE = 188;
    byte[] data;
    int count;
    long[] due; // 90 kHz from the first video frame
    int[] pcrAt;
    int[] ptsAt;
    int[] dtsAt;
    long[] videoDts; // from the first video frame; -1 unless the packet starts a video PES
    boolean[] payload;
    int[] pid;
    int[] ccStep = new int[8192];
    long loopTicks;

    static Ts read(Path file) throws IOException {
      byte[] raw = Files.readAllBytes(file);
      int n = raw.length / SIZE;
      // PMT: which PIDs are H.264 (0x1B) and AAC/ADTS (0x0F)
      int pmtPid = -1;
      int videoPid = -1;
      int audioPid = -1;
      for (int i = 0; i < n && (videoPid < 0 || audioPid < 0); i++) {
        int o = i * SIZE;
        int p = ((raw[o + 1] & 0x1F) << 8) | (raw[o + 2] & 0xFF);
        boolean start = (raw[o + 1] & 0x40) != 0;
        int q = payloadStart(raw, o);
        if (!start || q < 0) {
          continue;
        }
        q += 1 + (raw[q] & 0xFF); // pointer field
        if (p == 0 && pmtPid < 0) {
          pmtPid = ((raw[q + 10] & 0x1F) << 8) | (raw[q + 11] & 0xFF); // first program
        } else if (p == pmtPid) {
          int sectionEnd = q + 3 + (((raw[q + 1] & 0x0F) << 8) | (raw[q + 2] & 0xFF)) - 4;
          int es = q + 12 + (((raw[q + 10] & 0x0F) << 8) | (raw[q + 11] & 0xFF));
          while (es + 5 <= sectionEnd) {
            int type = raw[es] & 0xFF;
            int esPid = ((raw[es + 1] & 0x1F) << 8) | (raw[es + 2] & 0xFF);
            if (type == 0x1B) {
              videoPid = esPid;
            } else if (type == 0x0F) {
              audioPid = esPid;
            }
            es += 5 + (((raw[es + 3] & 0x0F) << 8) | (raw[es + 4] & 0xFF));
          }
        }
      }
      if (videoPid < 0) {
        throw new IOException(file + ": no H.264 stream in the PMT");
      }
      // PES starts: dts, and for audio the number of ADTS frames (to cut audio at the loop's end)
      long[] pesDts = new long[n];
      java.util.Arrays.fill(pesDts, Long.MIN_VALUE);
      long firstVideo = Long.MIN_VALUE;
      long lastVideo = 0;
      long firstAudio = Long.MIN_VALUE;
      int videoFrames = 0;
      Map<Integer, Integer> audioFrames = new HashMap<>(); // PES start packet -> ADTS frames
      ByteArrayOutputStream audioPes = new ByteArrayOutputStream();
      int audioStart = -1;
      for (int i = 0; i < n; i++) {
        int o = i * SIZE;
        int p = ((raw[o + 1] & 0x1F) << 8) | (raw[o + 2] & 0xFF);
        int q = payloadStart(raw, o);
        if (q < 0 || (p != videoPid && p != audioPid)) {
          continue;
        }
        boolean start = (raw[o + 1] & 0x40) != 0;
        if (p == audioPid && start && audioStart >= 0) {
          audioFrames.put(audioStart, adtsFrames(audioPes.toByteArray()));
          audioPes.reset();
        }
        if (start) {
          int flags = (raw[q + 7] & 0xC0) >> 6;
          long pts = timestamp(raw, q + 9);
          long dts = flags == 3 ? timestamp(raw, q + 14) : pts;
          pesDts[i] = dts;
          if (p == videoPid) {
            firstVideo = firstVideo == Long.MIN_VALUE ? dts : firstVideo;
            lastVideo = dts;
            videoFrames++;
          } else {
            firstAudio = firstAudio == Long.MIN_VALUE ? dts : firstAudio;
            audioStart = i;
            audioPes.write(raw, q + 9 + (raw[q + 8] & 0xFF), o + SIZE - (q + 9 + (raw[q + 8] & 0xFF)));
          }
        } else if (p == audioPid && audioStart >= 0) {
          audioPes.write(raw, q, o + SIZE - q);
        }
      }
      if (audioStart >= 0) {
        audioFrames.put(audioStart, adtsFrames(audioPes.toByteArray()));
      }
      Ts ts = new Ts();
      // One loop lasts as long as its video: the last frame's time plus one frame interval.
      ts.loopTicks = lastVideo - firstVideo + Math.round((double) (lastVideo - firstVideo) / Math.max(1, videoFrames - 1));
      long audioEnd = firstAudio + ts.loopTicks; // the next loop's first audio: nothing may reach past it
      // keep: not null packets, not audio PES (with their continuations) that would overlap the next loop
      boolean[] keep = new boolean[n];
      boolean dropping = false;
      for (int i = 0; i < n; i++) {
        int o = i * SIZE;
        int p = ((raw[o + 1] & 0x1F) << 8) | (raw[o + 2] & 0xFF);
        if (p == audioPid && (raw[o + 1] & 0x40) != 0) {
          dropping = pesDts[i] + 1920L * audioFrames.getOrDefault(i, 1) > audioEnd; // 1024 samples at 48 kHz
        }
        keep[i] = p != 0x1FFF && !(p == audioPid && dropping);
      }
      int kept = 0;
      for (boolean k : keep) {
        kept += k ? 1 : 0;
      }
      ts.count = kept;
      ts.data = new byte[kept * SIZE];
      ts.due = new long[kept];
      ts.pcrAt = new int[kept];
      ts.ptsAt = new int[kept];
      ts.dtsAt = new int[kept];
      ts.videoDts = new long[kept];
      ts.payload = new boolean[kept];
      ts.pid = new int[kept];
      int[] firstCc = new int[8192];
      int[] lastCc = new int[8192];
      java.util.Arrays.fill(firstCc, -1);
      long due = 0;
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (!keep[i]) {
          continue;
        }
        int o = i * SIZE;
        System.arraycopy(raw, o, ts.data, k * SIZE, SIZE);
        int p = ((raw[o + 1] & 0x1F) << 8) | (raw[o + 2] & 0xFF);
        ts.pid[k] = p;
        ts.payload[k] = (raw[o + 3] & 0x10) != 0;
        if (ts.payload[k]) {
          firstCc[p] = firstCc[p] < 0 ? raw[o + 3] & 0x0F : firstCc[p];
          lastCc[p] = raw[o + 3] & 0x0F;
        }
        boolean pcr = (raw[o + 3] & 0x20) != 0 && (raw[o + 4] & 0xFF) >= 7 && (raw[o + 5] & 0x10) != 0;
        ts.pcrAt[k] = pcr ? 6 : -1;
        ts.ptsAt[k] = -1;
        ts.dtsAt[k] = -1;
        ts.videoDts[k] = -1;
        if (pesDts[i] != Long.MIN_VALUE) {
          int q = payloadStart(raw, o) - o;
          int flags = (raw[o + q + 7] & 0xC0) >> 6;
          ts.ptsAt[k] = q + 9;
          ts.dtsAt[k] = flags == 3 ? q + 14 : -1;
          due = Math.max(due, pesDts[i] - firstVideo);
          if (p == videoPid) {
            ts.videoDts[k] = pesDts[i] - firstVideo;
          }
        }
        ts.due[k] = due;
        k++;
      }
      for (int p = 0; p < 8192; p++) {
        ts.ccStep[p] = firstCc[p] < 0 ? 0 : (lastCc[p] + 1 - firstCc[p]) & 0x0F;
      }
      return ts;
    }

    /** Offset of the packet's payload in {@code b}, or -1 if it has none. */
    static int payloadStart(byte[] b, int o) {
      int afc = (b[o + 3] & 0x30) >> 4;
      if ((afc & 1) == 0) {
        return -1;
      }
      int q = o + 4 + ((afc & 2) != 0 ? 1 + (b[o + 4] & 0xFF) : 0);
      return q < o + SIZE ? q : -1;
    }

    static long timestamp(byte[] b, int at) {
      return ((long) (b[at] & 0x0E) << 29) | ((b[at + 1] & 0xFF) << 22) | ((b[at + 2] & 0xFE) << 14)
          | ((b[at + 3] & 0xFF) << 7) | ((b[at + 4] & 0xFE) >> 1);
    }

    static void putTimestamp(byte[] b, int at, long t) {
      b[at] = (byte) ((b[at] & 0xF0) | ((t >> 29) & 0x0E) | 1);
      b[at + 1] = (byte) (t >> 22);
      b[at + 2] = (byte) (((t >> 14) & 0xFE) | 1);
      b[at + 3] = (byte) (t >> 7);
      b[at + 4] = (byte) (((t << 1) & 0xFE) | 1);
    }

    static int adtsFrames(byte[] b) {
      int frames = 0;
      for (int i = 0; i + 7 <= b.length && (b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xF0) == 0xF0; frames++) {
        int length = ((b[i + 3] & 0x03) << 11) | ((b[i + 4] & 0xFF) << 3) | ((b[i + 5] & 0xE0) >> 5);
        if (length < 7) {
          break;
        }
        i += length;
      }
      return Math.max(1, frames);
    }

    /**
     * A datagram for packets {@code first .. first+n-1} of loop {@code loop}: 16 bytes left for the SRT header, then
     * the packets with their timestamps moved on by the loops before and their continuity counters continued.
     */
    byte[] datagram(int first, int n, int loop) {
      byte[] d = new byte[16 + n * SIZE];
      System.arraycopy(data, first * SIZE, d, 16, n * SIZE);
      if (loop == 0) {
        return d;
      }
      long shift = loop * loopTicks;
      for (int k = 0; k < n; k++) {
        int i = first + k;
        int o = 16 + k * SIZE;
        if (payload[i]) {
          d[o + 3] = (byte) ((d[o + 3] & 0xF0) | ((d[o + 3] + loop * ccStep[pid[i]]) & 0x0F));
        }
        if (pcrAt[i] >= 0) {
          int at = o + pcrAt[i];
          long pcr = ((long) (d[at] & 0xFF) << 25) | ((d[at + 1] & 0xFF) << 17) | ((d[at + 2] & 0xFF) << 9)
              | ((d[at + 3] & 0xFF) << 1) | ((d[at + 4] & 0x80) >> 7);
          pcr = (pcr + shift) & ((1L << 33) - 1);
          d[at] = (byte) (pcr >> 25);
          d[at + 1] = (byte) (pcr >> 17);
          d[at + 2] = (byte) (pcr >> 9);
          d[at + 3] = (byte) (pcr >> 1);
          d[at + 4] = (byte) ((d[at + 4] & 0x7F) | (pcr & 1) << 7);
        }
        if (ptsAt[i] >= 0) {
          putTimestamp(d, o + ptsAt[i], (timestamp(d, o + ptsAt[i]) + shift) & ((1L << 33) - 1));
        }
        if (dtsAt[i] >= 0) {
          putTimestamp(d, o + dtsAt[i], (timestamp(d, o + dtsAt[i]) + shift) & ((1L << 33) - 1));
        }
      }
      return d;
    }
  }

  // ----------------------------------------------------------------------------------------------- callers

  /** One SRT caller: its socket, its SRT state, where it is in the file, and LiveLoad's publisher record. */
  static final class Caller {
    final LiveLoad.Publisher p;
    SrtCaller.Link socket;
    SrtCaller srt;
    boolean publishing;
    long epochNanos; // when the first video frame of loop 0 is due
    int next;
    int loop;
    long behindMax;

    Caller(LiveLoad.Publisher p) {
      this.p = p;
    }
  }

  /** Callers on one event loop, paced by one 2 ms timer (as LiveLoad's publisher groups). */
  static final class Callers extends VerticleBase {
    static final int COUNTERS = 4;
    final Ts ts;
    final int srtPort;
    final int latency;
    final LiveLoad.Group watchers;
    final Context watchContext;
    final List<Caller> planned = new ArrayList<>();
    final LiveLoad.Stats stats = new LiveLoad.Stats();
    long windowFrom = Long.MAX_VALUE;
    long windowTo = Long.MAX_VALUE;
    long datagramsInWindow;

    Callers(Ts ts, int srtPort, int latency, LiveLoad.Group watchers, Context watchContext) {
      this.ts = ts;
      this.srtPort = srtPort;
      this.latency = latency;
      this.watchers = watchers;
      this.watchContext = watchContext;
    }

    @Override
    public Future<?> start() {
      for (Caller c : planned) {
        vertx.setTimer(Math.max(1, (c.p.startAt - System.nanoTime()) / 1_000_000), id -> connect(c));
      }
      vertx.setPeriodic(2, id -> pace());
      return Future.succeededFuture();
    }

    <T> T call(java.util.concurrent.Callable<T> task) throws Exception {
      java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
      context.runOnContext(v -> {
        try {
          f.complete(task.call());
        } catch (Exception e) {
          f.completeExceptionally(e);
        }
      });
      return f.get(30, TimeUnit.SECONDS);
    }

    Void window(long from, long to) {
      windowFrom = from;
      windowTo = to;
      return null;
    }

    boolean inWindow(long nanos) {
      return nanos >= windowFrom && nanos < windowTo;
    }

    static long micros() {
      return System.nanoTime() / 1000;
    }

    void connect(Caller c) {
      SrtCaller.Link.open(context, srtPort, data -> {
        if (c.srt != null && c.srt.onDatagram(data, micros())) {
          changed(c);
        }
      }).onComplete(ar -> {
        if (ar.failed()) {
          stats.failures++;
          System.err.println("caller " + c.p.index + ": cannot bind: " + ar.cause());
          return;
        }
        c.socket = ar.result();
        c.srt = new SrtCaller(ThreadLocalRandom.current().nextInt(1, 1 << 30), "publish:" + c.p.key, latency,
            new byte[] {127, 0, 0, 1}, c.socket::send,
            ref -> ts.datagram((int) (ref >> 3) & 0x1FFF_FFFF, (int) (ref & 7), (int) (ref >>> 32)));
        c.srt.start(micros());
      });
    }

    void changed(Caller c) {
      switch (c.srt.state()) {
        case CONNECTED -> {
          c.publishing = true;
          stats.publishing++;
          c.epochNanos = System.nanoTime();
          if (c.p.watched) {
            watchContext.runOnContext(v -> {
              LiveLoad.Watcher w = new LiveLoad.Watcher(watchers, c.p);
              watchers.watchers.add(w);
              w.start();
            });
          }
          send(c, System.nanoTime());
        }
        case REJECTED -> {
          stats.failures++;
          System.err.println("caller " + c.p.index + ": rejected in the handshake, code " + c.srt.rejection);
          c.socket.close();
        }
        case CLOSED -> {
          if (!c.p.closed) {
            c.p.closed = true;
            c.publishing = false;
            stats.disconnects++;
            System.err.println("caller " + c.p.index + " (stream " + c.p.streamId + "): shut down by the node");
          }
        }
        default -> { }
      }
    }

    void pace() {
      long now = System.nanoTime();
      long us = now / 1000;
      for (Caller c : planned) {
        if (c.srt == null || c.p.closed) {
          continue;
        }
        c.srt.tick(us);
        if (c.publishing) {
          if (c.srt.silentFor(us) > 5_000_000) { // the listener's own idle timeout: it has let us go
            c.p.closed = true;
            c.publishing = false;
            stats.disconnects++;
            System.err.println("caller " + c.p.index + " (stream " + c.p.streamId + "): nothing heard for 5 s");
            continue;
          }
          send(c, now);
        } else if (c.srt.state() != SrtCaller.State.CONNECTED && c.srt.state() != SrtCaller.State.REJECTED
            && c.srt.silentFor(us) > 10_000_000) {
          stats.failures++;
          System.err.println("caller " + c.p.index + ": no handshake answer in 10 s");
          c.p.closed = true;
        }
      }
    }

    long due(Caller c, int index) {
      return c.epochNanos + (c.loop * ts.loopTicks + ts.due[index]) * 100_000 / 9; // 90 kHz -> ns
    }

    /** Sends every TS packet that is due, 7 per datagram, the last one shorter. */
    void send(Caller c, long now) {
      while (due(c, c.next) <= now) {
        int first = c.next;
        int loop = c.loop;
        long due = due(c, first);
        int n = 1;
        while (n < 7 && first + n < ts.count && due(c, first + n) <= now) {
          n++;
        }
        byte[] d = ts.datagram(first, n, loop);
        c.srt.data(d, (long) loop << 32 | (long) first << 3 | n, now / 1000);
        long written = System.nanoTime();
        for (int i = first; i < first + n; i++) {
          if (ts.videoDts[i] >= 0) {
            long frameMs = Math.round((loop * ts.loopTicks + ts.videoDts[i]) / 90.0);
            if (c.p.watched) {
              c.p.recordSent(frameMs, written);
            }
            if (inWindow(written)) {
              stats.videoFramesSent++;
            }
          }
        }
        if (inWindow(written)) {
          stats.bytesSent += d.length - 16;
          datagramsInWindow++;
          c.behindMax = Math.max(c.behindMax, written - due);
        }
        c.next = first + n;
        if (c.next == ts.count) {
          c.next = 0;
          c.loop++;
        }
      }
    }

    LiveLoad.Stats stats() {
      LiveLoad.Stats s = new LiveLoad.Stats();
      s.add(stats);
      s.behindMaxNanos = 0;
      for (Caller c : planned) {
        s.behindMaxNanos = Math.max(s.behindMaxNanos, c.behindMax);
        if (c.behindMax > 1_000_000_000L) {
          s.behind1s++;
        }
      }
      return s;
    }

    /** {datagrams sent in the window, then since the start: packets NAKed, retransmitted, NAKed but too old}. */
    long[] counters() {
      long[] r = {datagramsInWindow, 0, 0, 0};
      for (Caller c : planned) {
        if (c.srt != null) {
          r[1] += c.srt.nakedPackets;
          r[2] += c.srt.retransmitted;
          r[3] += c.srt.tooOldToResend;
        }
      }
      return r;
    }

    /** From the shutdown hook: every caller tells the listener it leaves. */
    void shutdown() {
      CountDownLatch done = new CountDownLatch(1);
      context.runOnContext(v -> {
        for (Caller c : planned) {
          if (c.srt != null) {
            c.srt.shutdown(micros());
          }
        }
        vertx.setTimer(200, id -> done.countDown()); // let the datagrams leave
      });
      try {
        done.await(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
