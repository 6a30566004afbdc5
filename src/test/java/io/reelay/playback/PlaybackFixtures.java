package io.reelay.playback;

import io.reelay.catalog.CatalogService;
import io.reelay.catalog.Video;
import io.reelay.catalog.VideoDraft;
import io.reelay.catalog.Visibility;
import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A node with its own storage dir, users, and videos whose HLS tree is written here by hand (a small but
 * well-formed one: master, a rung playlist, init and segments, a TS segment, poster, storyboard, sprite).
 */
final class PlaybackFixtures {

  record User(long id, String username, String token) {}

  /** A ready video and the files of its tree, by path relative to {@code hls/}. */
  record Played(Video video, Path mediaDir, Map<String, byte[]> files) {
    String url(String file) {
      return "/vod/" + video.id() + "/" + file;
    }

    byte[] bytes(String file) {
      return files.get(file);
    }

    Path hls() {
      return mediaDir.resolve("hls");
    }
  }

  static final String MASTER = """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXT-X-STREAM-INF:BANDWIDTH=1200000,AVERAGE-BANDWIDTH=1000000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=25.000
      360p/index.m3u8
      """;
  static final String RUNG = """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-TARGETDURATION:4
      #EXT-X-PLAYLIST-TYPE:VOD
      #EXT-X-MAP:URI="init.mp4"
      #EXTINF:4.000,
      seg_00001.m4s
      #EXTINF:2.000,
      seg_00002.m4s
      #EXT-X-ENDLIST
      """;
  static final String STORYBOARD = """
      WEBVTT

      00:00:00.000 --> 00:00:02.000
      sprite-000.jpg#xywh=0,0,160,90

      00:00:02.000 --> 00:00:04.000
      sprite-000.jpg#xywh=160,0,160,90
      """;

  final ReelayNode node;
  final Path storageDir;
  final String base;
  final Http http;
  final CatalogService catalog;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private PlaybackFixtures(ReelayNode node, Path storageDir) {
    this.node = node;
    this.storageDir = storageDir;
    this.base = node.endpoints().httpUrl();
    this.http = new Http(base);
    this.catalog = node.catalog();
  }

  static PlaybackFixtures start() throws Exception {
    Path storage = Files.createTempDirectory("reelay-playback-storage");
    return new PlaybackFixtures(TestNodes.start("REELAY_STORAGE_DIR", storage.toString()), storage);
  }

  void stop() {
    node.stop();
  }

  User newUser() {
    Http.User user = http.registerUser("vod");
    return new User(user.id(), user.name(), user.token());
  }

  /** The same key every node uses, for signing as a caller (e.g. the catalog) would, at any clock. */
  PlaybackUrls urls(Clock clock) {
    byte[] key = VodSecret.loadOrCreate(node.storage().pg()).await();
    return new PlaybackUrls(new VodSigner(key), clock);
  }

  PlaybackUrls urls() {
    return urls(Clock.systemUTC());
  }

  /** A video with its bytes attached (status processing) and its HLS tree written. */
  Played processing(User owner, Visibility visibility) {
    Video video = catalog.createVideo(owner.id(), new VideoDraft("vod test", "", List.of(), visibility)).await();
    byte[] source = random(2048);
    Path staged = storageDir.resolve("staging").resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(staged.getParent());
      Files.write(staged, source);
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source));
      catalog.attachContent(video.id(), hash, source.length, staged).await();
      Path mediaDir = catalog.mediaDirOf(hash).await();
      return new Played(catalog.find(video.id()).await(), mediaDir, writeTree(mediaDir.resolve("hls")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A playable video: as {@link #processing}, then marked ready as the transcoder would. */
  Played ready(User owner, Visibility visibility) {
    Played p = processing(owner, visibility);
    catalog.markReady(p.video().id()).await();
    return new Played(catalog.find(p.video().id()).await(), p.mediaDir(), p.files());
  }

  private static Map<String, byte[]> writeTree(Path hls) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("master.m3u8", MASTER.getBytes(StandardCharsets.UTF_8));
    files.put("360p/index.m3u8", RUNG.getBytes(StandardCharsets.UTF_8));
    files.put("360p/init.mp4", random(700));
    files.put("360p/seg_00001.m4s", random(5000));
    files.put("360p/seg_00002.m4s", random(3000));
    files.put("ts/seg_00001.ts", random(188 * 10));
    files.put("thumbs/poster.jpg", random(1500));
    files.put("thumbs/storyboard.vtt", STORYBOARD.getBytes(StandardCharsets.UTF_8));
    files.put("thumbs/sprite-000.jpg", random(2500));
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path file = hls.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, f.getValue());
    }
    return files;
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  /** GET (or any method) with headers as pairs; the body as bytes, undecoded. */
  HttpResponse<byte[]> request(String method, String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> get(String path, String... headers) {
    return request("GET", path, headers);
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  static JsonObject json(HttpResponse<byte[]> r) {
    return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
  }
}
