package io.reelay.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.RawHttp;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.reelay.testing.TusTestClient;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two clustered nodes sharing one storage dir. Requests for an upload sent to the node that does not own
 * {@code upload:<id>} are forwarded to the owner, which holds the upload's lock: the results are the same as
 * if the client had talked to the owner, including 423 for a second writer and 100 Continue for clients that
 * wait for it. Concatenation works with parts and final owned by different nodes.
 */
@ExtendWith(SharedServices.class)
class ClusteredUploadTest {

  static ReelayNode a;
  static ReelayNode b;
  static Http httpA;
  static Http httpB;
  static TusTestClient tusA;
  static TusTestClient tusB;
  static String token;
  static Path storage;

  @BeforeAll
  static void start() throws Exception {
    storage = Files.createTempDirectory("reelay-shared-storage");
    String cluster = TestNodes.uniqueName("reelay-upload");
    a = TestNodes.start(TestNodes.clusterEnv(cluster, storage));
    b = TestNodes.start(TestNodes.clusterEnv(cluster, storage));
    httpA = new Http(a.endpoints().httpUrl());
    httpB = new Http(b.endpoints().httpUrl());
    awaitSettledOwnership();
    String user = TestNodes.uniqueName("clustered");
    JsonObject credentials = new JsonObject().put("username", user).put("password", "correct horse battery");
    assertThat(httpA.post("/api/auth/register", credentials, null).status()).isEqualTo(201);
    token = httpA.login(user, "correct horse battery");
    tusA = new TusTestClient(a.endpoints().httpUrl(), token);
    tusB = new TusTestClient(b.endpoints().httpUrl(), token);
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.stop();
    }
    if (a != null) {
      a.stop();
    }
  }

  @Test
  void headAndPatchesSentToTheOtherNodeAreServedByTheOwner() throws Exception {
    byte[] data = bytes(600_000, 1);
    String path = tusA.createPath(data.length, "forwarded");
    assertOwnedBy(a, path);

    RawHttp.Response head = tusB.head(path);
    assertThat(head.status()).as(head.body()).isEqualTo(200);
    assertThat(head.header("Upload-Offset")).isEqualTo("0");
    assertThat(head.header("Upload-Length")).isEqualTo(Integer.toString(data.length));
    // Headers come once, from the owner: the forwarding node's own (tus, CORS) are replaced, not repeated.
    assertThat(head.header("Tus-Resumable")).isEqualTo("1.0.0");
    RawHttp.Response fromBrowser = tusB.raw().send("HEAD", path, tusB.headers("Origin", "https://app.example"), null);
    assertThat(fromBrowser.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(fromBrowser.header("Access-Control-Expose-Headers")).doesNotContain(", ").contains("Upload-Offset");

    int[] cuts = {0, 150_000, 420_000, data.length};
    for (int i = 1; i < cuts.length; i++) {
      RawHttp.Response patch = tusB.patch(path, cuts[i - 1], Arrays.copyOfRange(data, cuts[i - 1], cuts[i]));
      assertThat(patch.status()).as(patch.body()).isEqualTo(204);
      assertThat(patch.header("Upload-Offset")).isEqualTo(Integer.toString(cuts[i]));
    }
    // A wrong offset is refused by the owner and the refusal comes back through the forwarder.
    assertThat(tusB.patch(path, 5, new byte[10]).status()).isEqualTo(409);

    assertThat(tusB.head(path).header("Upload-Offset")).isEqualTo(Integer.toString(data.length));
    assertThat(tusA.head(path).header("Upload-Offset")).isEqualTo(Integer.toString(data.length));
    String videoId = head.header("Reelay-Video-Id");
    assertThat(httpB.get("/api/videos/" + videoId, token).json().getString("contentHash")).isEqualTo(sha256(data));
  }

  @Test
  void aSecondWriterSentToTheOtherNodeGets423WhileAPatchIsInFlightOnTheOwner() throws Exception {
    byte[] data = bytes(400_000, 2);
    int half = data.length / 2;
    String path = tusA.createPath(data.length, "locked");
    assertOwnedBy(a, path);

    Socket inFlight = tusA.raw().begin("PATCH", path, tusA.headers("Upload-Offset", "0",
        "Content-Type", TusTestClient.OCTETS, "Content-Length", Integer.toString(data.length)));
    OutputStream out = inFlight.getOutputStream();
    out.write(data, 0, half);
    out.flush();
    // The owner is writing the body, so it holds the upload's lock.
    awaitFileSize(storage.resolve("uploads").resolve(TusTestClient.id(path)), half);

    RawHttp.Response second = tusB.patch(path, 0, Arrays.copyOfRange(data, 0, 1000));
    assertThat(second.status()).as(second.body()).isEqualTo(423);
    // A client that writes its whole body before reading (as Node's http does) gets the answer; the owner
    // then closes the connection, as its 'Connection: close' says, instead of leaving it to the idle timeout.
    byte[] body = bytes(2 << 20, 9);
    Refused direct = sendWholeBodyThenRead(a, path, body, true);
    assertThat(direct.status()).isEqualTo(423);
    assertThat(direct.closedAfter()).as("the owner closed the connection after refusing the body").isTrue();
    assertThat(sendWholeBodyThenRead(b, path, body, false).status()).isEqualTo(423);
    RawHttp.Response head = tusB.head(path);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Upload-Offset")).isEqualTo("0");

    out.write(data, half, data.length - half);
    out.flush();
    RawHttp.Response first = RawHttp.finish(inFlight);
    assertThat(first.status()).as(first.body()).isEqualTo(204);
    assertThat(first.header("Upload-Offset")).isEqualTo(Integer.toString(data.length));
    String videoId = head.header("Reelay-Video-Id");
    assertThat(httpB.get("/api/videos/" + videoId, token).json().getString("contentHash")).isEqualTo(sha256(data));
  }

  @Test
  void expect100ContinueIsAnsweredByTheOwnerAndThroughTheOtherNode() throws Exception {
    for (TusTestClient via : new TusTestClient[] {tusA, tusB}) {
      byte[] data = bytes(100_000, 3);
      String path = tusA.createPath(data.length, "expect-continue");
      assertOwnedBy(a, path);
      Socket socket = via.raw().begin("PATCH", path, via.headers("Upload-Offset", "0",
          "Content-Type", TusTestClient.OCTETS, "Content-Length", Integer.toString(data.length),
          "Expect", "100-continue"));
      // The client sends nothing more until the server asks for the body.
      String interim = readHead(socket.getInputStream());
      assertThat(interim).as(via == tusA ? "from the owner" : "through the other node").startsWith("HTTP/1.1 100");
      socket.getOutputStream().write(data);
      socket.getOutputStream().flush();
      RawHttp.Response done = RawHttp.finish(socket);
      assertThat(done.status()).as(done.body()).isEqualTo(204);
      assertThat(done.header("Upload-Offset")).isEqualTo(Integer.toString(data.length));
    }
  }

  @Test
  void aFinalCreatedBeforeItsPartsIsAssembledWhenThePartsOnBothNodesComplete() throws Exception {
    byte[] one = bytes(300_000, 4);
    byte[] two = bytes(200_001, 5);
    String partOne = createPartial(tusA, one.length);
    String partTwo = createPartial(tusB, two.length);
    assertOwnedBy(a, partOne);
    assertOwnedBy(b, partTwo);

    // The final is B's; its parts are unfinished (concatenation-unfinished).
    String finalPath = createFinal(tusB, partOne, partTwo);
    assertOwnedBy(b, finalPath);
    RawHttp.Response unfinished = tusA.head(finalPath);
    assertThat(unfinished.status()).isEqualTo(200);
    assertThat(unfinished.header("Upload-Offset")).isNull();

    // Each part's bytes are sent to the node that does not own it.
    assertThat(tusB.patch(partOne, 0, one).status()).isEqualTo(204);
    assertThat(tusA.patch(partTwo, 0, two).status()).isEqualTo(204);

    assertAssembled(tusA, finalPath, one, two);
  }

  @Test
  void aFinalCreatedAfterItsPartsCompletedIsAssembledAtOnce() throws Exception {
    byte[] one = bytes(123_457, 6);
    byte[] two = bytes(250_000, 7);
    String partOne = createPartial(tusB, one.length);
    String partTwo = createPartial(tusA, two.length);
    assertOwnedBy(b, partOne);
    assertOwnedBy(a, partTwo);
    assertThat(tusA.patch(partOne, 0, one).status()).isEqualTo(204);
    assertThat(tusB.patch(partTwo, 0, two).status()).isEqualTo(204);

    String finalPath = createFinal(tusA, partOne, partTwo);
    assertOwnedBy(a, finalPath);
    assertAssembled(tusB, finalPath, one, two);
  }

  private static String createPartial(TusTestClient tus, int length) {
    RawHttp.Response r = tus.raw().send("POST", "/files/",
        tus.headers("Upload-Length", Integer.toString(length), "Upload-Concat", "partial"), null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.header("Location");
  }

  private static String createFinal(TusTestClient tus, String... parts) {
    RawHttp.Response r = tus.raw().send("POST", "/files/", tus.headers("Upload-Concat",
        "final;" + String.join(" ", parts), "Upload-Metadata", TusTestClient.metadata("title", "concatenated")), null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.header("Location");
  }

  /** Polls HEAD until the final has all its bytes, then the catalog until the video has them. */
  private static void assertAssembled(TusTestClient tus, String finalPath, byte[]... parts) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.write(part);
    }
    RawHttp.Response head = null;
    for (int i = 0; i < 300; i++) {
      head = tus.head(finalPath);
      assertThat(head.status()).as(head.body()).isEqualTo(200);
      if (head.header("Upload-Offset") != null) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(head.header("Upload-Offset")).as("the final was assembled").isEqualTo(Integer.toString(all.size()));
    assertThat(head.header("Upload-Length")).isEqualTo(Integer.toString(all.size()));
    // The catalog gets the content right after the final's offset is recorded.
    String videoId = head.header("Reelay-Video-Id");
    JsonObject video = null;
    for (int i = 0; i < 300; i++) {
      video = httpA.get("/api/videos/" + videoId, token).json();
      if (video.containsKey("contentHash")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(video.getString("contentHash")).as(video.encode()).isEqualTo(sha256(all.toByteArray()));
  }

  /** Both nodes agree that {@code node} owns the upload. */
  private static void assertOwnedBy(ReelayNode node, String path) {
    String key = "upload:" + TusTestClient.id(path);
    JsonObject fromA = httpA.get("/ops/cluster?key=" + key).json();
    JsonObject fromB = httpB.get("/ops/cluster?key=" + key).json();
    assertThat(fromA.getString("owner")).as(key).isEqualTo(node.router().localNodeId());
    assertThat(fromB.getString("owner")).as(key).isEqualTo(node.router().localNodeId());
    assertThat(fromA.getBoolean("ownerIsLocal")).isEqualTo(node == a);
    assertThat(fromB.getBoolean("ownerIsLocal")).isEqualTo(node == b);
  }

  /**
   * Both members joined and partitions done migrating to B: both nodes name the same owner for every key and
   * each owns some. Before that, an upload created on A may move to B right after.
   */
  private static void awaitSettledOwnership() throws InterruptedException {
    AssertionError last = null;
    for (int attempt = 0; attempt < 200; attempt++) {
      try {
        assertThat(httpA.get("/ops/cluster").json().getJsonArray("members")).hasSize(2);
        assertThat(httpB.get("/ops/cluster").json().getJsonArray("members")).hasSize(2);
        Set<String> owners = new HashSet<>();
        for (int i = 0; i < 64; i++) {
          String key = "upload:settle-" + i;
          String owner = httpA.get("/ops/cluster?key=" + key).json().getString("owner");
          assertThat(httpB.get("/ops/cluster?key=" + key).json().getString("owner")).as(key).isEqualTo(owner);
          owners.add(owner);
        }
        assertThat(owners).containsExactlyInAnyOrder(a.router().localNodeId(), b.router().localNodeId());
        return;
      } catch (AssertionError e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw last;
  }

  private static void awaitFileSize(Path file, long size) throws Exception {
    for (int i = 0; i < 1500; i++) {
      if (Files.exists(file) && Files.size(file) >= size) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(file + " never reached " + size + " bytes");
  }

  record Refused(int status, boolean closedAfter) {}

  /**
   * PATCH at offset 0 on a keep-alive connection: writes the whole body, then reads the answer and, if asked,
   * waits (up to the socket timeout, far below the server's idle timeout) for the server to close the connection.
   */
  private static Refused sendWholeBodyThenRead(ReelayNode node, String path, byte[] body, boolean awaitClose)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", node.endpoints().httpPort())) {
      socket.setSoTimeout(30_000);
      String head = "PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
          + "Authorization: Bearer " + token + "\r\nUpload-Offset: 0\r\nContent-Type: " + TusTestClient.OCTETS
          + "\r\nContent-Length: " + body.length + "\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String response = readHead(in);
      int status = Integer.parseInt(response.split(" ")[1]);
      String length = response.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("0");
      in.readNBytes(Integer.parseInt(length));
      if (!awaitClose) {
        return new Refused(status, false);
      }
      try {
        return new Refused(status, in.read() == -1);
      } catch (SocketTimeoutException e) {
        return new Refused(status, false);
      }
    }
  }

  /** Reads one response head (status line and headers), byte by byte so nothing after it is consumed. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed after: " + head.toString(StandardCharsets.US_ASCII));
      }
      head.write(c);
      String s = head.toString(StandardCharsets.US_ASCII);
      if (s.endsWith("\r\n\r\n")) {
        return s;
      }
    }
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
