package io.reelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.testing.Http;
import io.reelay.testing.NodeProcess;
import io.reelay.testing.RawHttp;
import io.reelay.testing.TestMedia;
import io.reelay.testing.TestNodes;
import io.reelay.testing.TusTestClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar killed with SIGKILL in the middle of an upload: bytes acknowledged before the kill survive,
 * bytes of the PATCH in flight that were never acknowledged do not count (even though they reached the file),
 * and a new process on the same data dir lets the client resume from the offset HEAD reports and complete
 * with byte-identical content.
 */
class UploadRestartTest {

  private static final int SIZE = 20 << 20;
  private static final int FIRST_PATCH = 6 << 20;
  private static final int IN_FLIGHT = 8 << 20;
  private static final String PASSWORD = "correct horse battery";

  @TempDir Path dir;

  private Map<String, String> env() {
    return DataDirNodes.env(dir);
  }

  private static String readyUrl(NodeProcess node) throws InterruptedException {
    return DataDirNodes.readyUrl(node);
  }

  @Test
  void acknowledgedBytesSurviveSigkillAndTheUploadResumesOnTheSameDataDir() throws Exception {
    byte[] source = paddedVideo(dir.resolve("media"), SIZE);
    String sha256 = sha256(source);
    Path uploadsDir = dir.resolve("data/storage/uploads");

    String path;
    String token;
    long sentBeforeKill;
    NodeProcess first = NodeProcess.start(env());
    boolean killed = false;
    try {
      String url = readyUrl(first);
      Http http = new Http(url);
      String user = TestNodes.uniqueName("restart");
      JsonObject credentials = new JsonObject().put("username", user).put("password", PASSWORD);
      assertThat(http.post("/api/auth/register", credentials, null).status()).isEqualTo(201);
      token = http.login(user, PASSWORD);
      TusTestClient tus = new TusTestClient(url, token);
      path = tus.createPath(SIZE, "restart");

      // Acknowledged: 204 means fsynced and recorded.
      RawHttp.Response acknowledged = tus.patch(path, 0, Arrays.copyOfRange(source, 0, FIRST_PATCH));
      assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(204);
      assertThat(acknowledged.header("Upload-Offset")).isEqualTo(Integer.toString(FIRST_PATCH));

      // In flight: announces the rest of the file, sends part of it and waits until the node has written
      // that part to the upload's file; the request never ends before the node dies.
      Socket inFlight = tus.raw().begin("PATCH", path, tus.headers("Upload-Offset", Integer.toString(FIRST_PATCH),
          "Content-Type", TusTestClient.OCTETS, "Content-Length", Integer.toString(SIZE - FIRST_PATCH)));
      try (inFlight) {
        OutputStream out = inFlight.getOutputStream();
        out.write(source, FIRST_PATCH, IN_FLIGHT);
        out.flush();
        sentBeforeKill = FIRST_PATCH + IN_FLIGHT;
        awaitFileSize(uploadsDir.resolve(TusTestClient.id(path)), sentBeforeKill);

        first.kill();
        killed = true;
      }
    } finally {
      if (!killed) {
        first.terminate();
        first.awaitExit(Duration.ofSeconds(30));
      }
    }

    // Same data dir: the new process stops the killed one's embedded PostgreSQL and Redis, then starts its own.
    boolean stoppedCleanly = false;
    try (NodeProcess second = NodeProcess.start(env())) {
      String url = readyUrl(second);
      TusTestClient tus = new TusTestClient(url, token);
      RawHttp.Response head = tus.head(path);
      assertThat(head.status()).as(head.body()).isEqualTo(200);
      long offset = Long.parseLong(head.header("Upload-Offset"));
      assertThat(offset).as("resumable offset after SIGKILL").isBetween((long) FIRST_PATCH, sentBeforeKill);
      assertThat(head.header("Upload-Length")).isEqualTo(Integer.toString(SIZE));

      RawHttp.Response rest = tus.patch(path, offset, Arrays.copyOfRange(source, (int) offset, SIZE));
      assertThat(rest.status()).as(rest.body()).isEqualTo(204);
      assertThat(rest.header("Upload-Offset")).isEqualTo(Integer.toString(SIZE));

      Http http = new Http(url);
      String videoId = head.header("Reelay-Video-Id");
      JsonObject video = http.get("/api/videos/" + videoId, token).json();
      assertThat(video.getString("contentHash")).isEqualTo(sha256);
      assertThat(video.getLong("sizeBytes")).isEqualTo(SIZE);
      assertThat(sha256(Files.readAllBytes(storedSource(dir.resolve("data/storage"), sha256)))).isEqualTo(sha256);

      second.terminate();
      assertThat(second.awaitExit(Duration.ofSeconds(30))).as("exit status after SIGTERM").isZero();
      stoppedCleanly = true;
    } finally {
      if (!stoppedCleanly) {
        stopOrphans();
      }
    }
  }

  private void stopOrphans() {
    DataDirNodes.stopOrphans(dir);
  }

  /** Waits until the node has written {@code size} bytes to the upload's file (they are not acknowledged). */
  private static void awaitFileSize(Path file, long size) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      seen = Files.exists(file) ? Files.size(file) : -1;
      if (seen >= size) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(file + " has " + seen + " bytes, not the " + size + " sent");
  }

  /**
   * A playable MP4 of exactly {@code size} bytes: a short video with its index first, then a {@code free} box
   * of random bytes (which players and probes skip).
   */
  private static byte[] paddedVideo(Path dir, int size) throws IOException {
    byte[] video = Files.readAllBytes(TestMedia.fastStartVideo(dir, 2, 320, 240, true));
    int box = size - video.length;
    assertThat(box).isGreaterThan(8);
    ByteBuffer out = ByteBuffer.allocate(size).put(video).putInt(box).put("free".getBytes(StandardCharsets.US_ASCII));
    byte[] random = new byte[box - 8];
    new Random(20).nextBytes(random);
    return out.put(random).array();
  }

  /** The media file the catalog stores for this content: {@code media/<hash[0..2]>/<hash>-<random>/source}. */
  private static Path storedSource(Path storage, String contentHash) throws IOException {
    try (Stream<Path> dirs = Files.list(storage.resolve("media").resolve(contentHash.substring(0, 2)))) {
      List<Path> sources = dirs.filter(d -> d.getFileName().toString().startsWith(contentHash + "-"))
          .map(d -> d.resolve("source")).filter(Files::isRegularFile).toList();
      assertThat(sources).hasSize(1);
      return sources.get(0);
    }
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
