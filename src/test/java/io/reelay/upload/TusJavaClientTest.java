package io.reelay.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.RawHttp;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestMedia;
import io.reelay.testing.TestNodes;
import io.reelay.testing.TusTestClient;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real tus-java-client (0.5.0) against the server: creation, PATCH requests streamed in chunks
 * ({@code Transfer-Encoding: chunked}, {@code Expect: 100-continue}; the JDK's HttpURLConnection cannot send
 * PATCH, so they go as POST with {@code X-HTTP-Method-Override: PATCH}), pausing mid-request, resuming from its
 * URL store after a "restart" of the client, and starting over when the stored upload is unknown or gone.
 */
@ExtendWith(SharedServices.class)
class TusJavaClientTest {

  static ReelayNode node;
  static Http http;
  static String token;
  static Path storage;
  @TempDir static Path media;

  @BeforeAll
  static void start() throws Exception {
    storage = Files.createTempDirectory("reelay-storage");
    node = TestNodes.start("REELAY_STORAGE_DIR", storage.toString());
    http = new Http(node.endpoints().httpUrl());
    String name = TestNodes.uniqueName("tus-java");
    JsonObject credentials = new JsonObject().put("username", name).put("password", "correct horse battery");
    assertThat(http.post("/api/auth/register", credentials, null).status()).isEqualTo(201);
    token = http.login(name, "correct horse battery");
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static TusClient client(TusURLMemoryStore store) throws IOException {
    TusClient client = new TusClient();
    client.setUploadCreationURL(new URL(node.endpoints().httpUrl() + "/files/"));
    client.enableResuming(store);
    client.setHeaders(Map.of("Authorization", "Bearer " + token));
    return client;
  }

  /** A fresh TusUpload of the file, as a client process that (re)started would build it. */
  private static TusUpload uploadOf(Path file, String title) throws IOException {
    TusUpload upload = new TusUpload(file.toFile());
    upload.setMetadata(Map.of("filename", file.getFileName().toString(), "title", title));
    return upload;
  }

  /** Several PATCH requests per upload, each sent in several writes. */
  private static void smallChunks(TusUploader uploader, long size) {
    int payload = (int) Math.max(16 * 1024, size / 8);
    uploader.setRequestPayloadSize(payload);
    uploader.setChunkSize(Math.max(4 * 1024, payload / 4));
  }

  @Test
  void pausedMidRequestThenResumedFromTheStoreCompletesByteIdenticalAndIsProbed() throws Exception {
    Path file = TestMedia.video(media, 4, 320, 240, true);
    byte[] source = Files.readAllBytes(file);
    TusURLMemoryStore store = new TusURLMemoryStore();

    TusUploader first = client(store).resumeOrCreateUpload(uploadOf(file, "java client"));
    smallChunks(first, source.length);
    URL uploadUrl = first.getUploadURL();
    assertThat(first.getOffset()).isZero();
    // Stop in the middle of a PATCH request: some chunks of it written, the rest never sent.
    while (first.getOffset() < source.length * 2 / 5 || first.getOffset() % first.getRequestPayloadSize() == 0) {
      assertThat(first.uploadChunk()).isPositive();
    }
    long paused = first.getOffset();
    // Ends the request body where it is and checks that the server acknowledged exactly those bytes;
    // no upload is finished (offset < size), and the input is closed as when the app quits.
    first.finish(true);
    assertThat(paused).isLessThan(source.length);

    TusTestClient raw = new TusTestClient(node.endpoints().httpUrl(), token);
    String path = uploadUrl.getPath();
    RawHttp.Response head = raw.head(path);
    assertThat(head.header("Upload-Offset")).isEqualTo(Long.toString(paused));
    assertThat(head.header("Upload-Length")).isEqualTo(Integer.toString(source.length));
    String videoId = head.header("Reelay-Video-Id");
    assertThat(http.get("/api/videos/" + videoId, token).json().getString("status")).isEqualTo("uploading");

    // A new client with the same URL store resumes (HEAD, then PATCH from the server's offset).
    TusUploader resumed = client(store).resumeOrCreateUpload(uploadOf(file, "java client"));
    assertThat(resumed.getUploadURL()).isEqualTo(uploadUrl);
    assertThat(resumed.getOffset()).isEqualTo(paused);
    uploadRest(resumed, source.length);
    assertThat(raw.head(path).header("Upload-Offset")).isEqualTo(Integer.toString(source.length));

    JsonObject video = awaitProbed(videoId);
    assertThat(video.getString("contentHash")).isEqualTo(sha256(source));
    assertThat(video.getLong("sizeBytes")).isEqualTo(source.length);
    assertThat(video.getString("status")).isIn("processing", "ready"); // ready once a transcoder has run
    assertThat(video.getInteger("width")).isEqualTo(320);
    assertThat(video.getInteger("height")).isEqualTo(240);
    assertThat(video.getLong("durationMs")).isBetween(3_500L, 4_500L);
    assertThat(Files.readAllBytes(storedSource(video.getString("contentHash")))).isEqualTo(source);
  }

  @Test
  void aStoredUrlTheServerDoesNotKnowIsReplacedByANewUpload() throws Exception {
    Path file = TestMedia.video(media, 2, 160, 120, false);
    byte[] source = Files.readAllBytes(file);
    TusURLMemoryStore store = new TusURLMemoryStore();
    TusUpload upload = uploadOf(file, "unknown url");
    URL unknown = new URL(node.endpoints().httpUrl() + "/files/" + TestNodes.uniqueName("never-created"));
    store.set(upload.getFingerprint(), unknown);

    // resumeOrCreateUpload: the HEAD answers 404, so the client creates a new upload and starts over.
    TusUploader uploader = client(store).resumeOrCreateUpload(upload);
    assertThat(uploader.getUploadURL()).isNotEqualTo(unknown);
    assertThat(uploader.getOffset()).isZero();
    assertThat(store.get(upload.getFingerprint())).isEqualTo(uploader.getUploadURL());
    uploadRest(uploader, source.length);

    TusTestClient raw = new TusTestClient(node.endpoints().httpUrl(), token);
    JsonObject video = awaitProbed(raw.head(uploader.getUploadURL().getPath()).header("Reelay-Video-Id"));
    assertThat(video.getString("contentHash")).isEqualTo(sha256(source));
    assertThat(video.getInteger("width")).isEqualTo(160);
  }

  @Test
  void aTerminatedUploadAnswers410AndTheClientStartsANewOne() throws Exception {
    Path file = TestMedia.video(media, 2, 160, 120, false);
    byte[] source = Files.readAllBytes(file);
    TusURLMemoryStore store = new TusURLMemoryStore();

    TusUploader first = client(store).resumeOrCreateUpload(uploadOf(file, "terminated"));
    smallChunks(first, source.length);
    while (first.getOffset() < source.length / 4) {
      assertThat(first.uploadChunk()).isPositive();
    }
    first.finish(true);
    URL oldUrl = first.getUploadURL();
    TusTestClient raw = new TusTestClient(node.endpoints().httpUrl(), token);
    String oldVideo = raw.head(oldUrl.getPath()).header("Reelay-Video-Id");
    assertThat(raw.delete(oldUrl.getPath()).status()).isEqualTo(204);

    // tus-java-client 0.5.0 starts over by itself only on 404; the 410 the server sends for a terminated
    // upload (as the termination extension allows) reaches the application, which drops the stored URL.
    TusUpload again = uploadOf(file, "terminated");
    ProtocolException gone = assertThrows(ProtocolException.class, () -> client(store).resumeOrCreateUpload(again));
    assertThat(gone.getCausingConnection().getResponseCode()).isEqualTo(410);
    store.remove(again.getFingerprint());
    TusUploader fresh = client(store).resumeOrCreateUpload(again);
    assertThat(fresh.getUploadURL()).isNotEqualTo(oldUrl);
    assertThat(fresh.getOffset()).isZero();
    uploadRest(fresh, source.length);

    String videoId = raw.head(fresh.getUploadURL().getPath()).header("Reelay-Video-Id");
    assertThat(videoId).isNotEqualTo(oldVideo);
    assertThat(awaitProbed(videoId).getString("contentHash")).isEqualTo(sha256(source));
    assertThat(http.get("/api/videos/" + oldVideo, token).json().getString("status")).isEqualTo("failed");
  }

  private static void uploadRest(TusUploader uploader, long size) throws Exception {
    smallChunks(uploader, size);
    while (uploader.uploadChunk() > -1) {
      // until the input is exhausted
    }
    uploader.finish();
    assertThat(uploader.getOffset()).isEqualTo(size);
  }

  /** Polls the video until the probe has filled in its dimensions (or it failed), at most ~30 s. */
  private static JsonObject awaitProbed(String videoId) throws InterruptedException {
    JsonObject video = null;
    for (int i = 0; i < 300; i++) {
      Http.Response r = http.get("/api/videos/" + videoId, token);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      video = r.json();
      if (video.containsKey("width") || video.getString("status").equals("failed")) {
        return video;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the video was not probed: " + video);
  }

  /** The media file the catalog stores for this content: {@code media/<hash[0..2]>/<hash>-<random>/source}. */
  private static Path storedSource(String contentHash) throws IOException {
    try (Stream<Path> dirs = Files.list(storage.resolve("media").resolve(contentHash.substring(0, 2)))) {
      List<Path> sources = dirs.filter(d -> d.getFileName().toString().startsWith(contentHash + "-"))
          .map(d -> d.resolve("source")).filter(Files::isRegularFile).toList();
      assertThat(sources).hasSize(1);
      return sources.get(0);
    }
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
