package io.reelay.catalog;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Users, videos and staged upload files for catalog tests, on one node. Everything is uniquely named. */
final class CatalogFixtures {

  record User(long id, String username, String token) {}

  /** An upload's bytes as the upload server leaves them: a file under the storage dir, and their SHA-256. */
  record Staged(Path file, String hash, long size) {}

  final ReelayNode node;
  final Http http;
  final CatalogService catalog;

  private CatalogFixtures(ReelayNode node) {
    this.node = node;
    this.http = new Http(node.endpoints().httpUrl());
    this.catalog = node.catalog();
  }

  /** Fixtures on a new node; {@link #stop} it after the class. */
  static CatalogFixtures start() throws Exception {
    return new CatalogFixtures(TestNodes.start());
  }

  void stop() {
    node.stop();
  }

  User newUser() {
    Http.User user = http.registerUser("cat");
    return new User(user.id(), user.name(), user.token());
  }

  Video video(User owner, String title, Visibility visibility, String... tags) {
    return catalog.createVideo(owner.id(), new VideoDraft(title, "", List.of(tags), visibility)).await();
  }

  /** A video whose bytes were attached and that the transcoder finished. */
  Video readyVideo(User owner, String title, Visibility visibility, String... tags) {
    Video video = video(owner, title, visibility, tags);
    attach(video, staged());
    catalog.markReady(video.id()).await();
    return catalog.find(video.id()).await();
  }

  static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  Staged staged() {
    return staged(randomBytes(64 + ThreadLocalRandom.current().nextInt(512)));
  }

  /** A new staged file with these bytes (call twice with the same bytes for a duplicate upload). */
  Staged staged(byte[] bytes) {
    try {
      Path file = node.config().storageDir().resolve("staging").resolve(UUID.randomUUID().toString());
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      return new Staged(file, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          bytes.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  ContentOutcome attach(Video video, Staged upload) {
    return catalog.attachContent(video.id(), upload.hash(), upload.size(), upload.file()).await();
  }

  /** The media directories stored for these bytes. */
  List<Path> mediaDirs(String hash) {
    Path parent = node.config().storageDir().resolve("media").resolve(hash.substring(0, 2));
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(parent)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(hash + "-")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long mediaRows(String hash) {
    return node.storage().pg().preparedQuery("SELECT count(*) FROM media WHERE content_hash = $1")
        .execute(Tuple.of(hash)).await().iterator().next().getLong(0);
  }

  Http.Response patch(String path, JsonObject body, String token) {
    return http.send(http.request(path, token).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  Http.Response delete(String path, String token) {
    return http.send(http.request(path, token).DELETE());
  }
}
