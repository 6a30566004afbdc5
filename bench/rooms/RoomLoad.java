import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Load generator for Reelay's rooms (see bench/rooms/run.sh). Opens N WebSocket connections spread over
 * rooms and event loops, has S of them send danmaku (send time in the text, {@code t=<epoch µs>}) and likes,
 * and after a warm-up prints one line of {@code key=value} figures for the measuring window: room messages
 * received per second over all connections, send→receive latency percentiles (from every k-th connection),
 * CPU of the node, of this JVM and of everything else on the machine, server metrics, and closes by code.
 *
 * <p>Usage: {@code java -cp "$CP" bench/rooms/RoomLoad.java --url http://127.0.0.1:PORT [--key value]...};
 * the options and their defaults are in {@link Options}. With {@code --hold-seconds n} it only opens the
 * connections (anonymous, idle), prints {@code ready}, and keeps them open n seconds (heap per connection).
 */
public final class RoomLoad {

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    List<String> tokens = options.senders() == 0 ? List.of() : Accounts.tokens(options);
    Run run = new Run(options, tokens);
    try {
      if (options.holdSeconds() > 0) {
        run.hold();
      } else {
        System.out.println(run.measure());
      }
    } finally {
      run.close();
    }
    System.exit(0);
  }

  /** Every setting of a run; {@code --kebab-case value} on the command line. */
  record Options(String url, long nodePid, String scenario, int conns, int rooms, String roomPrefix, int senders,
      double danmakuPerSecond, double likesPerSecond, int users, String userPrefix, String tokenCache,
      int sampleEvery, double slowFraction, int eventLoops, int connectConcurrency, int warmupSeconds,
      int measureSeconds, int holdSeconds, int slowRampSeconds) {

    static Options parse(String[] args) {
      Map<String, String> given = new HashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        given.put(args[i].replaceFirst("^--", ""), args[i + 1]);
      }
      Arg a = new Arg(given);
      Options o = new Options(a.str("url", null), a.num("node-pid", 0), a.str("scenario", "hot"),
          (int) a.num("conns", 10_000), (int) a.num("rooms", 1), a.str("room-prefix", "bench-room"),
          (int) a.num("senders", 200), a.dbl("danmaku-per-second", 1), a.dbl("likes-per-second", 1),
          (int) a.num("users", 200), a.str("user-prefix", "roombench"), a.str("token-cache", null),
          (int) a.num("sample-every", 100), a.dbl("slow-fraction", 0), (int) a.num("event-loops", 2),
          (int) a.num("connect-concurrency", 100), (int) a.num("warmup-seconds", 15),
          (int) a.num("measure-seconds", 30), (int) a.num("hold-seconds", 0), (int) a.num("slow-ramp-seconds", 0));
      if (o.url == null) {
        throw new IllegalArgumentException("--url http://host:port is required");
      }
      return o;
    }

    private record Arg(Map<String, String> given) {
      String str(String key, String fallback) {
        return given.getOrDefault(key, fallback);
      }

      long num(String key, long fallback) {
        return given.containsKey(key) ? Long.parseLong(given.get(key)) : fallback;
      }

      double dbl(String key, double fallback) {
        return given.containsKey(key) ? Double.parseDouble(given.get(key)) : fallback;
      }
    }

    /**
     * Connections are numbered room by room (room 0 gets the first conns/rooms of them…): connecting in that
     * order makes the node load only a few new rooms at a time, as when viewers drift in, instead of 1,000
     * at once (which the node's Redis pool refuses: see bench/RESULTS.md).
     */
    String roomOf(int connection) {
      return rooms == 1 ? roomPrefix : roomPrefix + "-" + (connection / perRoom() % rooms);
    }

    int perRoom() {
      return Math.max(1, conns / rooms);
    }

    /** The first senders/rooms connections of each room send. */
    boolean sends(int connection) {
      return connection % perRoom() < Math.max(1, senders / rooms) && senders > 0 && connection < perRoom() * rooms;
    }
  }

  /** Registers the sending users (or logs them in), once per node: tokens are cached in a file between runs. */
  static final class Accounts {
    private static final String PASSWORD = "room-bench-password-1";

    static List<String> tokens(Options o) throws IOException, InterruptedException {
      Path cache = o.tokenCache() == null ? null : Path.of(o.tokenCache());
      if (cache != null && Files.exists(cache)) {
        List<String> cached = Files.readAllLines(cache);
        if (cached.size() >= o.users()) {
          return cached.subList(0, o.users());
        }
      }
      HttpClient http = HttpClient.newHttpClient();
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < o.users(); i++) {
        tokens.add(token(http, o.url(), o.userPrefix() + i));
      }
      if (cache != null) {
        Files.write(cache, tokens);
      }
      return tokens;
    }

    private static String token(HttpClient http, String url, String username) throws IOException, InterruptedException {
      String body = new JsonObject().put("username", username).put("password", PASSWORD).encode();
      HttpResponse<String> registered = post(http, url + "/api/auth/register", body);
      HttpResponse<String> answer =
          registered.statusCode() == 409 ? post(http, url + "/api/auth/login", body) : registered;
      if (answer.statusCode() / 100 != 2) {
        throw new IOException("cannot sign in " + username + ": " + answer.statusCode() + " " + answer.body());
      }
      return new JsonObject(answer.body()).getString("token");
    }

    private static HttpResponse<String> post(HttpClient http, String url, String json)
        throws IOException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  /** What a connection does besides reading. */
  enum Role { PLAIN, SENDER, SLOW }

  /**
   * One connection's plan and state, used only on its group's event loop. {@code lastOffset} finds gaps:
   * messages the server skipped for this connection (it was behind: this generator did not keep up) or lost.
   */
  static final class Conn {
    final int index;
    final String room;
    final String token;
    final Role role;
    final boolean sampled;
    WebSocket ws;
    long lastOffset = -1;
    final List<Long> timers = new ArrayList<>();

    Conn(int index, String room, String token, Role role, boolean sampled) {
      this.index = index;
      this.room = room;
      this.token = token;
      this.role = role;
      this.sampled = sampled;
    }
  }

  /**
   * Decides each connection's room and role: the first senders/rooms connections of each room send, every
   * {@code sampleEvery}-th connection measures latency, and {@code slowFraction} of the others, evenly
   * spread, stop reading.
   */
  static List<Conn> plan(Options o, List<String> tokens) {
    List<Conn> conns = new ArrayList<>(o.conns());
    int slowWanted = (int) Math.round(o.slowFraction() * o.conns());
    int slow = 0;
    int senders = 0;
    for (int i = 0; i < o.conns(); i++) {
      boolean sender = o.sends(i);
      boolean sampled = i % o.sampleEvery() == o.sampleEvery() / 2;
      Role role = Role.PLAIN;
      if (sender) {
        role = Role.SENDER;
      } else if (!sampled && slow < Math.min(slowWanted, Math.round(o.slowFraction() * (i + 1)))) {
        role = Role.SLOW;
        slow++;
      }
      conns.add(new Conn(i, o.roomOf(i), sender ? tokens.get(senders++ % tokens.size()) : null, role, sampled));
    }
    return conns;
  }

  /** Counters of everything received, shared by the event loops (hence the adders). */
  static final class Stats {
    final LongAdder frames = new LongAdder();
    final LongAdder messages = new LongAdder();
    final LongAdder presence = new LongAdder();
    final LongAdder acks = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder sampledExact = new LongAdder();
    final LongAdder sampledByRange = new LongAdder();
    final LongAdder danmakuSent = new LongAdder();
    final LongAdder likesSent = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder readerClosedSlow = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();
    /** Send → receive, and server sequencing ({@code at}) → receive, in µs. */
    final Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(120), 3);
    final Histogram fromServer = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(120), 3);

    /** Only reading clients get here (the never-reading ones cannot see a close), so a 4008 is one of them. */
    void closed(Short code) {
      int c = code == null ? -1 : code;
      closes.computeIfAbsent(c, k -> new LongAdder()).increment();
      if (c == 4008) {
        readerClosedSlow.increment();
      }
    }

    void error(String code) {
      errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }
  }

  /**
   * Reads frames cheaply. A {@code messages} frame's messages have consecutive offsets (the server numbers
   * a batch first, first+1, …), so the count is last − first + 1, found from the first and last
   * {@code {"offset":} without reading the rest of the frame. Sampled connections walk the whole frame:
   * they count exactly (a check on that shortcut) and take the send time out of each danmaku's text.
   * A JSON string cannot hold an unescaped quote, so the patterns cannot match inside a text.
   */
  static final class Frames {
    private static final byte[] MESSAGES = ascii("{\"type\":\"messages\"");
    private static final byte[] PRESENCE = ascii("{\"type\":\"presence\"");
    private static final byte[] ACK = ascii("{\"type\":\"ack\"");
    private static final byte[] ERROR = ascii("{\"type\":\"error\"");
    private static final byte[] OFFSET = ascii("{\"offset\":");
    private static final byte[] SENT_AT = ascii("\"text\":\"t=");
    private static final byte[] SEQUENCED_AT = ascii("\"at\":");
    private static final byte[] CODE = ascii("\"code\":\"");
    /** Bytes copied from each end of a frame: the first offset is near the start, the last in the last message. */
    private static final int HEAD = 192;
    private static final int TAIL = 1024;

    private final Stats stats;

    Frames(Stats stats) {
      this.stats = stats;
    }

    static byte[] ascii(String s) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }

    void onFrame(Conn conn, Buffer frame) {
      stats.frames.increment();
      int length = frame.length();
      // Two small copies (the start and the end of the frame) instead of a call into the buffer per byte.
      byte[] head = frame.getBytes(0, Math.min(length, HEAD));
      if (!startsWith(head, 0, MESSAGES)) {
        other(head, frame);
        return;
      }
      byte[] whole = conn.sampled ? frame.getBytes() : null;
      byte[] tail = length <= HEAD ? head : whole != null ? whole : frame.getBytes(Math.max(0, length - TAIL), length);
      int first = indexOf(head, OFFSET, MESSAGES.length);
      int last = lastIndexOf(tail, OFFSET);
      if (first < 0 || last < 0) { // a longer room id or last message than the windows: read it all
        head = tail = whole = frame.getBytes();
        first = indexOf(head, OFFSET, MESSAGES.length);
        last = lastIndexOf(tail, OFFSET);
      }
      long from = number(head, first + OFFSET.length);
      long to = number(tail, last + OFFSET.length);
      long count = to - from + 1;
      stats.messages.add(count);
      if (conn.lastOffset >= 0 && from > conn.lastOffset + 1) {
        stats.gaps.add(from - conn.lastOffset - 1);
      }
      conn.lastOffset = Math.max(conn.lastOffset, to);
      if (whole != null) {
        stats.sampledByRange.add(count);
        sample(whole, micros());
      }
    }

    /** Counts the messages one by one and records each danmaku's latencies. */
    private void sample(byte[] frame, long nowMicros) {
      long sentAt = -1;
      int exact = 0;
      for (int i = 0; i < frame.length; i++) {
        byte b = frame[i];
        if (b == '{' && startsWith(frame, i, OFFSET)) {
          exact++;
          sentAt = -1;
        } else if (b == '"' && startsWith(frame, i, SENT_AT)) {
          sentAt = number(frame, i + SENT_AT.length);
        } else if (b == '"' && sentAt > 0 && startsWith(frame, i, SEQUENCED_AT)) {
          long sequencedMs = number(frame, i + SEQUENCED_AT.length);
          stats.latency.recordValue(Math.max(0, nowMicros - sentAt));
          stats.fromServer.recordValue(Math.max(0, nowMicros - sequencedMs * 1000));
          sentAt = -1;
        }
      }
      stats.sampledExact.add(exact);
    }

    private void other(byte[] head, Buffer frame) {
      if (startsWith(head, 0, PRESENCE)) {
        stats.presence.increment();
      } else if (startsWith(head, 0, ACK)) {
        stats.acks.increment();
      } else if (startsWith(head, 0, ERROR)) {
        String text = frame.toString(StandardCharsets.UTF_8);
        int at = text.indexOf("\"code\":\"");
        stats.error(at < 0 ? "?" : text.substring(at + CODE.length, text.indexOf('"', at + CODE.length)));
      }
    }

    static boolean startsWith(byte[] b, int at, byte[] pattern) {
      if (at < 0 || at + pattern.length > b.length) {
        return false;
      }
      for (int i = 0; i < pattern.length; i++) {
        if (b[at + i] != pattern[i]) {
          return false;
        }
      }
      return true;
    }

    static int indexOf(byte[] b, byte[] pattern, int from) {
      for (int i = from; i + pattern.length <= b.length; i++) {
        if (b[i] == pattern[0] && startsWith(b, i, pattern)) {
          return i;
        }
      }
      return -1;
    }

    static int lastIndexOf(byte[] b, byte[] pattern) {
      for (int i = b.length - pattern.length; i >= 0; i--) {
        if (b[i] == pattern[0] && startsWith(b, i, pattern)) {
          return i;
        }
      }
      return -1;
    }

    static long number(byte[] b, int at) {
      long n = 0;
      for (int i = at; i < b.length && b[i] >= '0' && b[i] <= '9'; i++) {
        n = n * 10 + (b[i] - '0');
      }
      return n;
    }
  }

  /** Wall-clock µs: both JVMs read the same clock on one machine, so sender and receiver times compare. */
  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  /**
   * The connections of one event loop: opens them a bounded number at a time (so the server gets a steady
   * stream of handshakes, not 10,000 at once), reads them, runs the senders' timers, pauses the slow ones.
   */
  static final class Group extends VerticleBase {
    private final Options options;
    private final Stats stats;
    private final Frames frames;
    private final List<Conn> conns;
    private WebSocketClient client;
    private String host;
    private int port;
    private int next;
    private int inFlight;

    Group(Options options, Stats stats, List<Conn> conns) {
      this.options = options;
      this.stats = stats;
      this.frames = new Frames(stats);
      this.conns = conns;
    }

    @Override
    public Future<?> start() {
      URI base = URI.create(options.url());
      host = base.getHost();
      port = base.getPort();
      // The default pool holds 50 connections per server; every connection here goes to the same one.
      WebSocketClientOptions common = new WebSocketClientOptions().setMaxConnections(Integer.MAX_VALUE)
          .setConnectTimeout(30_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22);
      client = vertx.createWebSocketClient(common);
      return Future.succeededFuture();
    }

    /** Opens every planned reading connection; completes when each has opened or failed. */
    Future<Void> connectAll() {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> connectMore(done));
      return done.future();
    }

    private void connectMore(Promise<Void> done) {
      while (inFlight < options.connectConcurrency() && next < conns.size()) {
        Conn conn = conns.get(next++);
        inFlight++;
        open(conn).onComplete(r -> {
          inFlight--;
          connectMore(done);
        });
      }
      if (inFlight == 0 && next == conns.size()) {
        done.tryComplete();
      }
    }

    private Future<WebSocket> open(Conn conn) {
      WebSocketConnectOptions target = new WebSocketConnectOptions().setHost(host).setPort(port)
          .setURI("/ws/rooms/" + conn.room + (conn.token == null ? "" : "?token=" + conn.token));
      return client.connect(target)
          .onFailure(e -> stats.connectFailures.increment())
          .onSuccess(ws -> {
            stats.connected.increment();
            conn.ws = ws;
            ws.handler(frame -> frames.onFrame(conn, frame));
            ws.closeHandler(v -> stats.closed(ws.closeStatusCode()));
            ws.exceptionHandler(e -> { });
          });
    }

    /** Senders send at their rates from a random phase, so the room's load is even over each second. */
    void startSending() {
      context.runOnContext(v -> conns.stream().filter(c -> c.role == Role.SENDER && c.ws != null).forEach(c -> {
        every(c, options.danmakuPerSecond(), () -> {
          c.ws.writeTextMessage("{\"type\":\"danmaku\",\"text\":\"t=" + micros() + "\"}");
          stats.danmakuSent.increment();
        });
        every(c, options.likesPerSecond(), () -> {
          c.ws.writeTextMessage("{\"type\":\"like\"}");
          stats.likesSent.increment();
        });
      }));
    }

    private void every(Conn conn, double perSecond, Runnable send) {
      if (perSecond <= 0) {
        return;
      }
      long periodMs = Math.max(1, Math.round(1000 / perSecond));
      long phase = 1 + ThreadLocalRandom.current().nextLong(periodMs);
      conn.timers.add(vertx.setPeriodic(phase, periodMs, id -> {
        if (!conn.ws.isClosed()) {
          send.run();
        }
      }));
    }

    void stopSending() {
      context.runOnContext(v -> conns.forEach(c -> c.timers.forEach(vertx::cancelTimer)));
    }

    @Override
    public Future<?> stop() {
      return client.close();
    }
  }

  /**
   * Clients that never read: plain sockets with a small receive buffer that send the WebSocket upgrade,
   * read the 101 answer and nothing more. (A paused Vert.x client keeps reading into its own queue for
   * hundreds of KB before it stops reading the socket.) The server fills the kernel buffers, then its
   * write queue for them, skips droppable messages and closes them with 4008 after the grace period;
   * they never see that, so each close the server counts is answered with a new never-reading client,
   * keeping their number steady. Runs on a thread of its own: the sockets block.
   */
  static final class SlowClients {
    private static final int RECEIVE_BUFFER = 4096;

    private final Options options;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final List<Socket> sockets = new ArrayList<>();
    private final LongAdder opened = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private int next;

    SlowClients(Options options) {
      this.options = options;
      this.next = options.conns();
    }

    /**
     * Opens the planned never-reading clients evenly over the ramp. The node's kernel send buffers (autotuned
     * up to 4 MB on loopback) fill before its write queue does, so a never-reading client lives for minutes;
     * opened all at once they would all be closed at once, and the window would see a burst or nothing.
     */
    void open(List<Conn> planned, int rampSeconds) {
      long gapNanos = planned.isEmpty() ? 0 : TimeUnit.SECONDS.toNanos(rampSeconds) / planned.size();
      long start = System.nanoTime();
      for (int i = 0; i < planned.size(); i++) {
        String room = planned.get(i).room;
        long due = start + i * gapNanos;
        thread.execute(() -> {
          LockSupport.parkNanos(due - System.nanoTime());
          connect(room);
        });
      }
    }

    /** New never-reading clients, spread over the rooms like the first ones. */
    void replace(long count) {
      for (long i = 0; i < count; i++) {
        String room = options.roomOf(next++ % options.conns());
        thread.execute(() -> connect(room));
      }
    }

    private void connect(String room) {
      try {
        URI base = URI.create(options.url());
        Socket socket = new Socket();
        socket.setReceiveBufferSize(RECEIVE_BUFFER);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String upgrade = "GET /ws/rooms/" + room + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
        socket.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
        if (!readStatus(socket).contains(" 101 ")) {
          throw new IOException("upgrade refused");
        }
        sockets.add(socket);
        opened.increment();
      } catch (IOException e) {
        failed.increment();
      }
    }

    /** Reads up to the end of the answer's header, one byte at a time so that nothing after it is consumed. */
    private static String readStatus(Socket socket) throws IOException {
      var in = socket.getInputStream();
      StringBuilder header = new StringBuilder();
      while (header.length() < 4 || !header.substring(header.length() - 4).equals("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed during the upgrade");
        }
        header.append((char) b);
      }
      return header.toString();
    }

    long opened() {
      return opened.sum();
    }

    long failed() {
      return failed.sum();
    }

    void close() {
      thread.shutdownNow();
      try {
        thread.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Socket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }

  /** CPU ticks of a process (user + system) and of the whole machine, from /proc. */
  /** Every counter at one instant; two of them make the window's figures. */
  record Snapshot(long nanos, long epochMs, long frames, long messages, long gaps, long sampledExact,
      long sampledByRange, long danmakuSent, long likesSent, long acks, long nodeTicks, long nodeSystemTicks,
      long servicesTicks, Map<String, long[]> nodeThreads, long selfTicks, long selfSystemTicks,
      Map<String, long[]> selfThreads, long machineBusy, long machineTotal, double serverDelivered,
      double serverDropped, double serverSlowCloses) {

    static Snapshot take(Stats s, long nodePid, String scrape) {
      long[] machine = ProcStats.machineTicks();
      long self = ProcessHandle.current().pid();
      return new Snapshot(System.nanoTime(), System.currentTimeMillis(), s.frames.sum(), s.messages.sum(),
          s.gaps.sum(), s.sampledExact.sum(),
          s.sampledByRange.sum(), s.danmakuSent.sum(), s.likesSent.sum(), s.acks.sum(),
          ProcStats.processTicks(nodePid), ProcStats.userSystemTicks(nodePid)[1], ProcStats.descendantTicks(nodePid),
          ProcStats.threadTimes(nodePid), ProcStats.processTicks(self), ProcStats.userSystemTicks(self)[1], ProcStats.threadTimes(self),
          machine[0], machine[1],
          Prometheus.value(scrape, "reelay_room_messages_delivered_total", ""),
          Prometheus.value(scrape, "reelay_room_messages_dropped_total", ""),
          Prometheus.value(scrape, "reelay_room_closes_total", "reason=\"slow\""));
    }
  }

  /** One run: connect, warm up, measure, report. */
  static final class Run {
    private final Options options;
    private final Stats stats = new Stats();
    private final Vertx vertx;
    private final List<Group> groups = new ArrayList<>();
    private final Prometheus metrics;
    private final List<Conn> conns;
    private final SlowClients slow;
    private double connectSeconds;
    private long replaced;

    Run(Options options, List<String> tokens) {
      this.options = options;
      this.slow = new SlowClients(options);
      this.metrics = new Prometheus(options.url());
      this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops()));
      this.conns = plan(options, tokens);
    }

    private void connect() {
      List<List<Conn>> shares = new ArrayList<>();
      for (int g = 0; g < options.eventLoops(); g++) {
        shares.add(new ArrayList<>());
      }
      conns.stream().filter(c -> c.role != Role.SLOW).forEach(c -> shares.get(c.index % options.eventLoops()).add(c));
      long t0 = System.nanoTime();
      List<Future<Void>> opened = new ArrayList<>();
      for (List<Conn> share : shares) {
        Group group = new Group(options, stats, share);
        groups.add(group);
        // One verticle per event loop: a client's connections live on the context that opened them.
        opened.add(vertx.deployVerticle(group).compose(id -> group.connectAll()));
      }
      await(Future.all(opened));
      connectSeconds = (System.nanoTime() - t0) / 1e9;
      log("connected %d reading clients in %.1f s (%d failed)", stats.connected.sum(), connectSeconds,
          stats.connectFailures.sum());
    }

    void hold() throws InterruptedException {
      connect();
      System.out.println("ready conns=" + stats.connected.sum() + " failed=" + stats.connectFailures.sum());
      Thread.sleep(TimeUnit.SECONDS.toMillis(options.holdSeconds()));
    }

    String measure() throws InterruptedException {
      connect();
      String startScrape = metrics.scrape();
      double slowClosesAtStart = Prometheus.value(startScrape, "reelay_room_closes_total", "reason=\"slow\"");
      groups.forEach(Group::startSending);
      slow.open(conns.stream().filter(c -> c.role == Role.SLOW).toList(), options.slowRampSeconds());
      tick(options.warmupSeconds(), slowClosesAtStart);
      stats.latency.reset();
      stats.fromServer.reset();
      Snapshot a = Snapshot.take(stats, options.nodePid(), metrics.scrape());
      tick(options.measureSeconds(), slowClosesAtStart);
      Snapshot b = Snapshot.take(stats, options.nodePid(), metrics.scrape());
      Histogram latency = stats.latency.copy();
      Histogram fromServer = stats.fromServer.copy();
      groups.forEach(Group::stopSending);
      return report(a, b, latency, fromServer);
    }

    /**
     * Waits {@code seconds}; with slow clients, once a second tops them up: each one the server closed for
     * being slow is replaced by a new never-reading one, so the share of slow clients stays the same. (Reading
     * clients the server closed with 4008 are not replaced: they are counted apart, as a generator too slow.)
     */
    private void tick(int seconds, double slowClosesAtStart) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end) {
        Thread.sleep(Math.min(1_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        if (options.slowFraction() > 0) {
          double closed = Prometheus.value(metrics.scrape(), "reelay_room_closes_total", "reason=\"slow\"");
          long owed = Math.round(closed - slowClosesAtStart) - stats.readerClosedSlow.sum() - replaced;
          if (owed > 0) {
            slow.replace(owed);
            replaced += owed;
          }
        }
      }
    }

    private String report(Snapshot a, Snapshot b, Histogram latency, Histogram fromServer) {
      double s = (b.nanos() - a.nanos()) / 1e9;
      double cores = (b.machineTotal() - a.machineTotal()) / (s * ProcStats.TICKS_PER_SECOND);
      double node = pct(b.nodeTicks() - a.nodeTicks(), s);
      double services = pct(b.servicesTicks() - a.servicesTicks(), s);
      double self = pct(b.selfTicks() - a.selfTicks(), s);
      double machine =
          100 * cores * (b.machineBusy() - a.machineBusy()) / Math.max(1, b.machineTotal() - a.machineTotal());
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("scenario", options.scenario());
      f.put("conns", stats.connected.sum());
      f.put("rooms", options.rooms());
      f.put("senders", conns.stream().filter(c -> c.role == Role.SENDER).count());
      f.put("slow", conns.stream().filter(c -> c.role == Role.SLOW).count());
      f.put("slow_opened", slow.opened());
      f.put("slow_failed", slow.failed());
      f.put("connect_s", fmt(connectSeconds));
      f.put("window_s", fmt(s));
      f.put("window_from_ms", a.epochMs());
      f.put("window_to_ms", b.epochMs());
      f.put("msgs_per_s", Math.round((b.messages() - a.messages()) / s));
      f.put("frames_per_s", Math.round((b.frames() - a.frames()) / s));
      f.put("sent_per_s", fmt((b.danmakuSent() - a.danmakuSent()) / s));
      f.put("likes_per_s", fmt((b.likesSent() - a.likesSent()) / s));
      f.put("acks_per_s", fmt((b.acks() - a.acks()) / s));
      f.put("p50_ms", ms(latency, 50));
      f.put("p90_ms", ms(latency, 90));
      f.put("p99_ms", ms(latency, 99));
      f.put("p999_ms", ms(latency, 99.9));
      f.put("max_ms", fmt(latency.getMaxValue() / 1000.0));
      f.put("samples", latency.getTotalCount());
      f.put("srv_p50_ms", ms(fromServer, 50));
      f.put("srv_p99_ms", ms(fromServer, 99));
      f.put("node_cpu_pct", fmt(node));
      f.put("node_sys_pct", fmt(pct(b.nodeSystemTicks() - a.nodeSystemTicks(), s)));
      f.put("node_services_cpu_pct", fmt(services));
      f.put("gen_cpu_pct", fmt(self));
      f.put("gen_sys_pct", fmt(pct(b.selfSystemTicks() - a.selfSystemTicks(), s)));
      f.put("machine_cpu_pct", fmt(machine));
      f.put("others_cpu_pct", fmt(Math.max(0, machine - node - services - self)));
      f.put("node_runq_wait_pct", fmt(ProcStats.waitPct(a.nodeThreads(), b.nodeThreads(), s)));
      f.put("gen_runq_wait_pct", fmt(ProcStats.waitPct(a.selfThreads(), b.selfThreads(), s)));
      f.put("node_threads", ProcStats.busiest(options.nodePid(), a.nodeThreads(), b.nodeThreads(), s, 6));
      f.put("gen_threads", ProcStats.busiest(ProcessHandle.current().pid(), a.selfThreads(), b.selfThreads(), s, 4));
      f.put("server_delivered_per_s", Math.round((b.serverDelivered() - a.serverDelivered()) / s));
      f.put("server_dropped", Math.round(b.serverDropped() - a.serverDropped()));
      f.put("server_dropped_total", Math.round(b.serverDropped()));
      f.put("slow_closes", Math.round(b.serverSlowCloses() - a.serverSlowCloses()));
      f.put("slow_closes_total", Math.round(b.serverSlowCloses()));
      f.put("readers_closed_4008", stats.readerClosedSlow.sum());
      f.put("gaps", b.gaps() - a.gaps());
      f.put("tcp_mem_mb", ProcStats.tcpMemoryMb());
      f.put("exact_check", fmt((double) (b.sampledExact() - a.sampledExact())
          / Math.max(1, b.sampledByRange() - a.sampledByRange())));
      f.put("closes", counts(stats.closes));
      f.put("errors", counts(stats.errors));
      f.put("connect_failures", stats.connectFailures.sum());
      StringBuilder line = new StringBuilder();
      f.forEach((k, v) -> line.append(line.length() == 0 ? "" : " ").append(k).append('=').append(v));
      return line.toString();
    }

    private static double pct(long ticks, double seconds) {
      return 100 * ticks / (seconds * ProcStats.TICKS_PER_SECOND);
    }

    private static String ms(Histogram h, double percentile) {
      return h.getTotalCount() == 0 ? "nan" : fmt(h.getValueAtPercentile(percentile) / 1000.0);
    }

    private static String fmt(double v) {
      return String.format(Locale.ROOT, "%.2f", v);
    }

    private static <K> String counts(Map<K, LongAdder> m) {
      if (m.isEmpty()) {
        return "none";
      }
      StringBuilder out = new StringBuilder();
      new TreeMap<>(m).forEach((k, v) ->
          out.append(out.length() == 0 ? "" : ",").append(k).append(':').append(v.sum()));
      return out.toString();
    }

    void close() {
      slow.close();
      await(vertx.close());
    }

    private static <T> T await(Future<T> future) {
      return future.toCompletionStage().toCompletableFuture().join();
    }
  }

  /** Progress on stderr (run.sh keeps it in load.log); the figures go to stdout. */
  static void log(String format, Object... args) {
    System.err.println("[" + java.time.LocalTime.now().withNano(0) + "] " + String.format(Locale.ROOT, format, args));
  }
}
