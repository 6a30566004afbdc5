import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * tus upload load generator (JDK only; run with `java UploadBench.java`). Uploads N files of SIZE bytes with
 * CONCURRENCY at a time, each in CHUNK-sized PATCHes, times the transfer, then checks every video's content
 * hash against the bytes it sent (outside the timing). Content: a random block per upload, whose first 8
 * bytes are replaced by the chunk number, so uploads differ (no dedup) and generating costs nothing.
 *
 * Usage: java UploadBench.java URL TOKEN SIZE CHUNK UPLOADS CONCURRENCY
 */
public class UploadBench {

  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String token = args[1];
    long size = parseBytes(args[2]);
    int chunk = (int) parseBytes(args[3]);
    int uploads = Integer.parseInt(args[4]);
    int concurrency = Integer.parseInt(args[5]);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<String>> videoIds = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < uploads; i++) {
      int seed = i;
      videoIds.add(pool.submit(() -> upload(url, token, size, chunk, seed)));
    }
    List<String> ids = new ArrayList<>();
    for (Future<String> f : videoIds) {
      ids.add(f.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    double mb = size * (double) uploads / 1e6;
    int identical = 0;
    for (int i = 0; i < uploads; i++) {
      identical += expectedHash(size, chunk, i).equals(contentHash(url, token, ids.get(i))) ? 1 : 0;
    }
    System.out.printf("{\"uploads\":%d,\"sizeBytes\":%d,\"chunkBytes\":%d,\"concurrency\":%d,\"seconds\":%.2f,"
        + "\"MBps\":%.1f,\"byteIdentical\":%d}%n", uploads, size, chunk, concurrency, seconds, mb / seconds, identical);
    if (identical != uploads) {
      System.exit(1);
    }
  }

  static String upload(String url, String token, long size, int chunk, int seed) throws Exception {
    HttpResponse<String> created = CLIENT.send(HttpRequest.newBuilder(URI.create(url + "/files/"))
        .header("Tus-Resumable", "1.0.0").header("Authorization", "Bearer " + token)
        .header("Upload-Length", Long.toString(size))
        .header("Upload-Metadata", "title " + java.util.Base64.getEncoder().encodeToString(("bench " + seed).getBytes()))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("create: " + created.statusCode() + " " + created.body());
    }
    String location = created.headers().firstValue("Location").orElseThrow();
    String videoId = created.headers().firstValue("Reelay-Video-Id").orElseThrow();
    byte[] block = block(chunk, seed);
    for (long offset = 0, k = 0; offset < size; offset += chunk, k++) {
      int n = (int) Math.min(chunk, size - offset);
      stamp(block, k);
      HttpResponse<String> patched = CLIENT.send(HttpRequest.newBuilder(URI.create(url + location))
          .timeout(Duration.ofMinutes(5))
          .header("Tus-Resumable", "1.0.0").header("Authorization", "Bearer " + token)
          .header("Upload-Offset", Long.toString(offset)).header("Content-Type", "application/offset+octet-stream")
          .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(block, 0, n)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (patched.statusCode() != 204) {
        throw new IllegalStateException("patch at " + offset + ": " + patched.statusCode() + " " + patched.body());
      }
    }
    return videoId;
  }

  static byte[] block(int chunk, int seed) {
    byte[] b = new byte[chunk];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i + 8 <= b.length; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8; j++) {
        b[i + j] = (byte) (v >>> (8 * j));
      }
    }
    return b;
  }

  static void stamp(byte[] block, long chunkNumber) {
    for (int j = 0; j < 8; j++) {
      block[j] = (byte) (chunkNumber >>> (8 * j));
    }
  }

  static String expectedHash(long size, int chunk, int seed) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] block = block(chunk, seed);
    for (long offset = 0, k = 0; offset < size; offset += chunk, k++) {
      stamp(block, k);
      sha.update(block, 0, (int) Math.min(chunk, size - offset));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static String contentHash(String url, String token, String videoId) throws Exception {
    for (int attempt = 0; attempt < 100; attempt++) {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url + "/api/videos/" + videoId))
          .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
      int i = r.body().indexOf("\"contentHash\":\"");
      if (i >= 0) {
        return r.body().substring(i + 15, i + 15 + 64);
      }
      Thread.sleep(100);
    }
    return "none";
  }

  static long parseBytes(String s) {
    String[] units = {"KiB", "MiB", "GiB"};
    for (int i = 0; i < units.length; i++) {
      if (s.endsWith(units[i])) {
        return Long.parseLong(s.substring(0, s.length() - 3)) << (10 * (i + 1));
      }
    }
    if (s.endsWith("MB")) {
      return Long.parseLong(s.substring(0, s.length() - 2)) * 1_000_000L;
    }
    return Long.parseLong(s);
  }
}
