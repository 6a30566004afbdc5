package io.reelay.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.RawHttp;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.reelay.testing.TusTestClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every header and status code of the tus 1.0.0 core protocol and the extensions Reelay offers. */
@ExtendWith(SharedServices.class)
class TusProtocolTest {

  static final long MAX = 8L << 20;
  static ReelayNode node;
  static Http http;
  static TusTestClient tus;
  static Path storage;

  @BeforeAll
  static void start() throws Exception {
    storage = Files.createTempDirectory("reelay-storage");
    node = TestNodes.start("REELAY_UPLOAD_MAX_BYTES", Long.toString(MAX), "REELAY_STORAGE_DIR", storage.toString());
    http = new Http(node.endpoints().httpUrl());
    tus = new TusTestClient(node.endpoints().httpUrl(), newUserToken());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  static String newUserToken() {
    return newUserToken(http);
  }

  /** Registers a new user (a creator) and returns their token. */
  static String newUserToken(Http http) {
    return http.registerUser("uploader").token();
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String base64Digest(String algorithm, byte[] data) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(data));
  }

  Path fileOf(String path) {
    return storage.resolve("uploads").resolve(TusTestClient.id(path));
  }

  @Test
  void optionsDescribesTheServerWithoutAuthentication() {
    RawHttp.Response r = tus.raw().send("OPTIONS", "/files/", RawHttp.headers(), null);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Tus-Version")).isEqualTo("1.0.0");
    assertThat(r.header("Tus-Max-Size")).isEqualTo(Long.toString(MAX));
    assertThat(r.header("Tus-Extension")).contains("creation", "creation-with-upload", "creation-defer-length",
        "expiration", "checksum", "checksum-trailer", "termination", "concatenation", "concatenation-unfinished");
    assertThat(r.header("Tus-Checksum-Algorithm")).contains("sha1", "sha256", "md5");
  }

  @Test
  void createThenHeadDescribesTheUpload() {
    RawHttp.Response created = tus.create(1000, "first");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).startsWith("/files/");
    assertThat(created.header("Tus-Resumable")).isEqualTo("1.0.0");
    assertThat(created.header("Upload-Expires")).endsWith("GMT");
    assertThat(created.header("Reelay-Video-Id")).isNotBlank();

    RawHttp.Response head = tus.head(created.header("Location"));
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Upload-Offset")).isEqualTo("0");
    assertThat(head.header("Upload-Length")).isEqualTo("1000");
    assertThat(head.header("Cache-Control")).isEqualTo("no-store");
    assertThat(head.header("Tus-Resumable")).isEqualTo("1.0.0");
    assertThat(head.header("Upload-Metadata")).contains("title ");
  }

  @Test
  void patchesAppendAndTheLastOneCompletesByteIdentical() throws Exception {
    byte[] data = bytes(300_000, 1);
    String path = tus.createPath(data.length, "chunks");
    RawHttp.Response first = tus.patch(path, 0, Arrays.copyOfRange(data, 0, 100_000));
    assertThat(first.status()).isEqualTo(204);
    assertThat(first.header("Upload-Offset")).isEqualTo("100000");
    assertThat(first.header("Upload-Expires")).endsWith("GMT");
    RawHttp.Response last = tus.patch(path, 100_000, Arrays.copyOfRange(data, 100_000, data.length));
    assertThat(last.status()).isEqualTo(204);
    assertThat(last.header("Upload-Offset")).isEqualTo("300000");
    assertThat(tus.head(path).header("Upload-Offset")).isEqualTo("300000");

    String videoId = tus.head(path).header("Reelay-Video-Id");
    JsonObject video = http.get("/api/videos/" + videoId, tokenOf()).json();
    String sha256 = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    assertThat(video.getString("contentHash")).isEqualTo(sha256);
    String metrics = http.get("/metrics").body();
    assertThat(metrics).contains("reelay_upload_bytes_total", "reelay_uploads_completed_total{content=\"new\"");
  }

  private String tokenOf() {
    return tus.headers().get("Authorization").substring("Bearer ".length());
  }

  @Test
  void versionAndAuthenticationAreChecked() {
    RawHttp.Response noVersion = tus.raw().send("POST", "/files/", RawHttp.headers("Upload-Length", "10"), null);
    assertThat(noVersion.status()).isEqualTo(412);
    assertThat(noVersion.header("Tus-Version")).isEqualTo("1.0.0");
    RawHttp.Response oldVersion = tus.raw().send("POST", "/files/",
        RawHttp.headers("Tus-Resumable", "0.2.2", "Upload-Length", "10"), null);
    assertThat(oldVersion.status()).isEqualTo(412);
    RawHttp.Response anonymous = new TusTestClient(node.endpoints().httpUrl(), null).create(10, "anon");
    assertThat(anonymous.status()).isEqualTo(401);
    RawHttp.Response forged = new TusTestClient(node.endpoints().httpUrl(), "not.a.jwt").create(10, "forged");
    assertThat(forged.status()).isEqualTo(401);
  }

  @Test
  void viewersMayNotUploadByDefault() throws Exception {
    String name = TestNodes.uniqueName("viewer");
    JsonObject credentials = new JsonObject().put("username", name).put("password", "correct horse battery");
    assertThat(http.post("/api/auth/register", credentials, null).status()).isEqualTo(201);
    node.storage().pg().preparedQuery("UPDATE users SET role = 'viewer' WHERE username = $1")
        .execute(io.vertx.sqlclient.Tuple.of(name)).toCompletionStage().toCompletableFuture().get();
    TusTestClient viewer = new TusTestClient(node.endpoints().httpUrl(), http.login(name, "correct horse battery"));
    RawHttp.Response refused = viewer.create(10, "not allowed");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("creator");
  }

  @Test
  void badCreationHeadersAre400And413() {
    assertThat(tus.raw().send("POST", "/files/", tus.headers(), null).status()).isEqualTo(400);
    assertThat(tus.raw().send("POST", "/files/", tus.headers("Upload-Length", "10", "Upload-Defer-Length", "1"), null)
        .status()).isEqualTo(400);
    assertThat(tus.raw().send("POST", "/files/", tus.headers("Upload-Length", "-5"), null).status()).isEqualTo(400);
    assertThat(tus.raw().send("POST", "/files/", tus.headers("Upload-Length", "ten"), null).status()).isEqualTo(400);
    assertThat(tus.raw().send("POST", "/files/", tus.headers("Upload-Length", "99999999999999999999999"), null)
        .status()).isEqualTo(400);
    assertThat(tus.raw().send("POST", "/files/", tus.headers("Upload-Length", Long.toString(MAX + 1)), null)
        .status()).isEqualTo(413);
    assertThat(tus.raw().send("POST", "/files/", tus.headers("Upload-Defer-Length", "2"), null).status()).isEqualTo(400);
    assertThat(tus.raw().send("POST", "/files/", tus.headers("Upload-Length", "10", "Upload-Metadata", "title !!!notbase64"), null)
        .status()).isEqualTo(400);
    assertThat(tus.raw().send("POST", "/files/", tus.headers("Upload-Length", "10", "Upload-Concat", "sideways"), null)
        .status()).isEqualTo(400);
  }

  @Test
  void badPatchesChangeNothing() throws Exception {
    byte[] data = bytes(1000, 2);
    String path = tus.createPath(data.length, "bad patches");
    assertThat(tus.patch(path, 0, Arrays.copyOfRange(data, 0, 400)).status()).isEqualTo(204);

    Java17Headers noType = new Java17Headers(tus.headers("Upload-Offset", "400"));
    assertThat(tus.raw().send("PATCH", path, noType.map(), Arrays.copyOfRange(data, 400, 500)).status()).isEqualTo(415);
    assertThat(tus.raw().send("PATCH", path, tus.headers("Content-Type", TusTestClient.OCTETS),
        Arrays.copyOfRange(data, 400, 500)).status()).isEqualTo(400);
    assertThat(tus.patch(path, 300, Arrays.copyOfRange(data, 300, 500)).status()).isEqualTo(409);
    assertThat(tus.patch(path, 900, Arrays.copyOfRange(data, 900, 1000)).status()).isEqualTo(409);
    assertThat(tus.patch(path, -1, new byte[1]).status()).isEqualTo(400);
    assertThat(tus.patch(path, 400, bytes(601, 3)).status()).isEqualTo(413);

    assertThat(tus.head(path).header("Upload-Offset")).isEqualTo("400");
    assertThat(Files.size(fileOf(path))).isEqualTo(400);
    assertThat(tus.patch(path, 400, Arrays.copyOfRange(data, 400, 1000)).status()).isEqualTo(204);
  }

  /** Headers as a plain map (the helper's default Content-Type is left out on purpose). */
  record Java17Headers(java.util.Map<String, String> map) {}

  @Test
  void checksumsAreVerifiedAndAMismatchDiscardsTheChunk() throws Exception {
    byte[] data = bytes(3000, 4);
    String path = tus.createPath(data.length, "checksums");
    byte[] c1 = Arrays.copyOfRange(data, 0, 1000);
    assertThat(tus.patch(path, 0, c1, "Upload-Checksum", "sha1 " + base64Digest("SHA-1", c1)).status()).isEqualTo(204);

    byte[] c2 = Arrays.copyOfRange(data, 1000, 2000);
    RawHttp.Response mismatch = tus.patch(path, 1000, c2, "Upload-Checksum", "sha1 " + base64Digest("SHA-1", c1));
    assertThat(mismatch.status()).isEqualTo(460);
    assertThat(tus.head(path).header("Upload-Offset")).isEqualTo("1000");
    assertThat(tus.patch(path, 1000, c2, "Upload-Checksum", "crc32 AAAA").status()).isEqualTo(400);
    assertThat(tus.patch(path, 1000, c2, "Upload-Checksum", "sha256 " + base64Digest("SHA-256", c2)).status()).isEqualTo(204);

    byte[] c3 = Arrays.copyOfRange(data, 2000, 3000);
    assertThat(tus.patch(path, 2000, c3, "Upload-Checksum", "md5 " + base64Digest("MD5", c3)).status()).isEqualTo(204);
    String videoId = tus.head(path).header("Reelay-Video-Id");
    String sha256 = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    assertThat(http.get("/api/videos/" + videoId, tokenOf()).json().getString("contentHash")).isEqualTo(sha256);
  }

  @Test
  void checksumMayComeAsATrailer() throws Exception {
    byte[] data = bytes(2000, 5);
    String path = tus.createPath(data.length, "trailer");
    byte[] c1 = Arrays.copyOfRange(data, 0, 1000);
    byte[] c2 = Arrays.copyOfRange(data, 1000, 2000);
    var headers = tus.headers("Upload-Offset", "0", "Content-Type", TusTestClient.OCTETS, "Trailer", "Upload-Checksum");
    RawHttp.Response bad = tus.raw().sendChunkedWithTrailers("PATCH", path, headers, c1,
        RawHttp.headers("Upload-Checksum", "sha1 " + base64Digest("SHA-1", c2)));
    assertThat(bad.status()).isEqualTo(460);
    assertThat(tus.head(path).header("Upload-Offset")).isEqualTo("0");
    RawHttp.Response good = tus.raw().sendChunkedWithTrailers("PATCH", path, headers, c1,
        RawHttp.headers("Upload-Checksum", "sha1 " + base64Digest("SHA-1", c1)));
    assertThat(good.status()).isEqualTo(204);
    assertThat(good.header("Upload-Offset")).isEqualTo("1000");
  }

  @Test
  void creationWithUploadStoresTheFirstBytes() {
    byte[] data = bytes(5000, 6);
    RawHttp.Response r = tus.raw().send("POST", "/files/", tus.headers("Upload-Length", "5000",
        "Content-Type", TusTestClient.OCTETS, "Upload-Metadata", TusTestClient.metadata("title", "with upload")),
        Arrays.copyOfRange(data, 0, 2000));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Upload-Offset")).isEqualTo("2000");
    assertThat(tus.patch(r.header("Location"), 2000, Arrays.copyOfRange(data, 2000, 5000)).status()).isEqualTo(204);
  }

  @Test
  void deferredLengthIsSetByALaterPatch() {
    byte[] data = bytes(3000, 7);
    RawHttp.Response created = tus.raw().send("POST", "/files/", tus.headers("Upload-Defer-Length", "1"), null);
    assertThat(created.status()).isEqualTo(201);
    String path = created.header("Location");
    assertThat(tus.head(path).header("Upload-Defer-Length")).isEqualTo("1");
    assertThat(tus.patch(path, 0, Arrays.copyOfRange(data, 0, 1000)).status()).isEqualTo(204);
    assertThat(tus.patch(path, 1000, Arrays.copyOfRange(data, 1000, 3000), "Upload-Length", "999").status())
        .isEqualTo(400);
    RawHttp.Response last = tus.patch(path, 1000, Arrays.copyOfRange(data, 1000, 3000), "Upload-Length", "3000");
    assertThat(last.status()).isEqualTo(204);
    RawHttp.Response head = tus.head(path);
    assertThat(head.header("Upload-Length")).isEqualTo("3000");
    assertThat(head.header("Upload-Offset")).isEqualTo("3000");
    assertThat(head.header("Upload-Defer-Length")).isNull();
  }

  @Test
  void terminationFreesTheSpaceAtOnce() {
    String path = tus.createPath(1000, "terminated");
    assertThat(tus.patch(path, 0, bytes(500, 8)).status()).isEqualTo(204);
    assertThat(Files.exists(fileOf(path))).isTrue();
    assertThat(tus.delete(path).status()).isEqualTo(204);
    assertThat(Files.exists(fileOf(path))).isFalse();
    assertThat(tus.head(path).status()).isEqualTo(410);
    assertThat(tus.patch(path, 500, bytes(500, 8)).status()).isEqualTo(410);
    assertThat(tus.delete(path).status()).isEqualTo(410);
    assertThat(tus.head("/files/doesNotExist123").status()).isEqualTo(404);
    assertThat(tus.head("/files/not..valid").status()).isEqualTo(404);
  }

  @Test
  void anotherUsersUploadIsForbiddenAndUntouched() {
    String path = tus.createPath(1000, "mine");
    TusTestClient other = new TusTestClient(node.endpoints().httpUrl(), newUserToken());
    assertThat(other.head(path).status()).isEqualTo(403);
    assertThat(other.patch(path, 0, bytes(100, 9)).status()).isEqualTo(403);
    assertThat(other.delete(path).status()).isEqualTo(403);
    assertThat(tus.head(path).header("Upload-Offset")).isEqualTo("0");
  }

  @Test
  void aSecondWriterWhileAPatchIsInFlightGets423() throws Exception {
    byte[] data = bytes(2000, 10);
    String path = tus.createPath(data.length, "locked");
    var headers = tus.headers("Upload-Offset", "0", "Content-Type", TusTestClient.OCTETS, "Content-Length", "2000");
    java.net.Socket inFlight = tus.raw().begin("PATCH", path, headers);
    inFlight.getOutputStream().write(data, 0, 1000);
    inFlight.getOutputStream().flush();
    // Wait until the first PATCH is writing (and so holds the upload's lock); probing with requests of our own
    // could take the lock at the moment the first PATCH arrives.
    for (int i = 0; i < 100 && !http.get("/metrics").body().contains("reelay_upload_writes_in_flight 1.0"); i++) {
      Thread.sleep(50);
    }
    RawHttp.Response second = tus.patch(path, 0, Arrays.copyOfRange(data, 0, 1000));
    assertThat(second.status()).isEqualTo(423);
    inFlight.getOutputStream().write(data, 1000, 1000);
    RawHttp.Response first = RawHttp.finish(inFlight);
    assertThat(first.status()).isEqualTo(204);
    assertThat(first.header("Upload-Offset")).isEqualTo("2000");
  }

  @Test
  void methodOverrideLetsPostStandForPatchAndHead() {
    byte[] data = bytes(100, 11);
    String path = tus.createPath(data.length, "override");
    RawHttp.Response patched = tus.raw().send("POST", path, tus.headers("X-HTTP-Method-Override", "PATCH",
        "Upload-Offset", "0", "Content-Type", TusTestClient.OCTETS), data);
    assertThat(patched.status()).isEqualTo(204);
    RawHttp.Response head = tus.raw().send("POST", path, tus.headers("X-HTTP-Method-Override", "HEAD"), null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Upload-Offset")).isEqualTo("100");
  }

  @Test
  void browsersOnOtherOriginsMayUpload() {
    RawHttp.Response preflight = tus.raw().send("OPTIONS", "/files/", RawHttp.headers("Origin", "https://app.example",
        "Access-Control-Request-Method", "PATCH",
        "Access-Control-Request-Headers", "tus-resumable,upload-offset,content-type,authorization"), null);
    assertThat(preflight.status()).isBetween(200, 204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(preflight.header("Access-Control-Allow-Methods")).contains("PATCH");
    assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase()).contains("upload-offset", "tus-resumable");

    var headers = tus.headers("Origin", "https://app.example", "Upload-Length", "10");
    RawHttp.Response created = tus.raw().send("POST", "/files/", headers, null);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(created.header("Access-Control-Expose-Headers")).contains("Location", "Upload-Offset", "Upload-Expires");
  }

  @Test
  void aBodyCutShortKeepsWhatArrivedAndTheUploadResumes() throws Exception {
    byte[] data = bytes(1_000_000, 12);
    String path = tus.createPath(data.length, "cut");
    var headers = tus.headers("Upload-Offset", "0", "Content-Type", TusTestClient.OCTETS);
    tus.raw().sendAndCut("PATCH", path, headers, data.length, Arrays.copyOfRange(data, 0, 600_000));
    long offset = awaitUnlocked(path);
    assertThat(offset).isBetween(0L, 600_000L);
    assertThat(tus.patch(path, offset, Arrays.copyOfRange(data, (int) offset, data.length)).status()).isEqualTo(204);
    String videoId = tus.head(path).header("Reelay-Video-Id");
    String sha256 = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    assertThat(http.get("/api/videos/" + videoId, tokenOf()).json().getString("contentHash")).isEqualTo(sha256);
  }

  /** The offset once the server has finished with the cut request (a PATCH at it no longer gets 423). */
  static long awaitUnlocked(String path) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      long offset = Long.parseLong(tus.head(path).header("Upload-Offset"));
      RawHttp.Response probe = tus.patch(path, offset, new byte[0]);
      if (probe.status() == 204) {
        return offset;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("upload stayed locked");
  }

  @Test
  void threePartialUploadsSentInParallelConcatenate() throws Exception {
    byte[] data = bytes(900_000, 13);
    String[] parts = new String[3];
    for (int i = 0; i < 3; i++) {
      RawHttp.Response r = tus.raw().send("POST", "/files/", tus.headers("Upload-Length", "300000",
          "Upload-Concat", "partial"), null);
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.header("Reelay-Video-Id")).isNull();
      parts[i] = r.header("Location");
    }
    // concatenation-unfinished: the final exists before its parts are complete.
    RawHttp.Response fin = tus.raw().send("POST", "/files/", tus.headers("Upload-Concat",
        "final;" + String.join(" ", parts), "Upload-Metadata", TusTestClient.metadata("title", "parallel")), null);
    assertThat(fin.status()).isEqualTo(201);
    String finalPath = fin.header("Location");
    RawHttp.Response pending = tus.head(finalPath);
    assertThat(pending.header("Upload-Offset")).isNull();
    assertThat(pending.header("Upload-Length")).isEqualTo("900000");
    assertThat(pending.header("Upload-Concat")).startsWith("final;").contains(TusTestClient.id(parts[0]));
    assertThat(tus.head(parts[0]).header("Upload-Concat")).isEqualTo("partial");
    assertThat(tus.patch(finalPath, 0, new byte[10]).status()).isEqualTo(403);

    java.util.List<Thread> senders = new java.util.ArrayList<>();
    java.util.List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    for (int i = 0; i < 3; i++) {
      int part = i;
      Thread t = new Thread(() -> statuses.add(
          tus.patch(parts[part], 0, Arrays.copyOfRange(data, part * 300_000, (part + 1) * 300_000)).status()));
      t.start();
      senders.add(t);
    }
    for (Thread t : senders) {
      t.join();
    }
    assertThat(statuses).containsExactly(204, 204, 204);
    RawHttp.Response done = awaitHeader(finalPath, "Upload-Offset", "900000");
    assertThat(done.header("Upload-Offset")).isEqualTo("900000");
    String sha256 = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    // The final's offset is its parts' sum; the assembled content reaches the video a moment later.
    String contentHash = null;
    for (int i = 0; i < 100 && contentHash == null; i++) {
      contentHash = http.get("/api/videos/" + done.header("Reelay-Video-Id"), tokenOf()).json().getString("contentHash");
      if (contentHash == null) {
        Thread.sleep(100);
      }
    }
    assertThat(contentHash).isEqualTo(sha256);
    // The parts' files are reclaimed just after the final upload completes, not before its offset shows.
    for (int i = 0; i < 50 && Files.exists(fileOf(parts[0])); i++) {
      Thread.sleep(100);
    }
    assertThat(Files.exists(fileOf(parts[0]))).isFalse();
  }

  static RawHttp.Response awaitHeader(String path, String header, String value) throws InterruptedException {
    RawHttp.Response r = tus.head(path);
    for (int i = 0; i < 100 && !value.equals(r.header(header)); i++) {
      Thread.sleep(100);
      r = tus.head(path);
    }
    return r;
  }
}
