package io.reelay.recommend.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.node.ReelayNode;
import io.reelay.testing.Http;
import io.reelay.testing.RoomClient;
import io.reelay.testing.SharedServices;
import io.reelay.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /api/events} and the server-side events on a real node, read back from a real Kafka. */
@ExtendWith(SharedServices.class)
class TrackingTest {

  static ReelayNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start();
    http = new Http(node.endpoints().httpUrl());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  static Http.Response post(String body, String token, String device) {
    HttpRequest.Builder request = http.request("/api/events", token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (device != null) {
      request.header("X-Device-Id", device);
    }
    return http.send(request);
  }

  static Http.Response post(JsonArray events, String token, String device) {
    return post(new JsonObject().put("events", events).encode(), token, device);
  }

  static List<EventTopic.Read> read(int expected, String... eventIds) {
    List<String> ids = List.of(eventIds);
    // The topic is shared: other tests' events may lack an eventId.
    return EventTopic.await(node.serviceUrls().kafkaBootstrap(), expected, e -> ids.contains(e.getString("eventId", "")));
  }

  static void assertError(Http.Response r, int status, String error) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().getString("error")).isEqualTo(error);
    assertThat(r.json().getString("message")).isNotBlank();
  }

  @Test
  void aSignedInBatchIsPartlyAcceptedAndTheValidEventsReachKafkaKeyedByTheUser() {
    Http.User viewer = http.registerUser("viewer");
    String play = id();
    String heartbeat = id();
    String search = id();
    String noItem = id();
    String badSeconds = id();
    JsonArray events = new JsonArray()
        .add(new JsonObject().put("eventId", play).put("type", "play").put("videoId", "vid1").put("clientTime", 42L)
            .put("userId", 999_999).put("deviceId", "phone-1"))
        .add(new JsonObject().put("eventId", noItem).put("type", "like"))
        .add(new JsonObject().put("eventId", heartbeat).put("type", "heartbeat").put("videoId", "vid1")
            .put("position", 30.5).put("watchedSeconds", 10))
        .add(new JsonObject().put("eventId", badSeconds).put("type", "heartbeat").put("videoId", "vid1")
            .put("position", 1).put("watchedSeconds", -3))
        .add("not an object")
        .add(new JsonObject().put("eventId", id()).put("type", "gift").put("videoId", "vid1"))
        .add(new JsonObject().put("eventId", search).put("type", "search").put("query", "anime"))
        .add(new JsonObject().put("eventId", play).put("type", "complete").put("videoId", "vid1"));
    long before = System.currentTimeMillis();
    Http.Response r = post(events, viewer.token(), null);
    long after = System.currentTimeMillis();

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().getInteger("accepted")).isEqualTo(3);
    JsonArray errors = r.json().getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getInteger("index")).toList()).containsExactly(1, 3, 4, 5, 7);
    assertThat(errors.getJsonObject(0).getString("eventId")).isEqualTo(noItem);
    assertThat(errors.getJsonObject(0).getString("error")).contains("videoId or a streamId");
    assertThat(errors.getJsonObject(1).getString("error")).contains("watchedSeconds");
    assertThat(errors.getJsonObject(2).getValue("eventId")).isNull();
    assertThat(errors.getJsonObject(3).getString("error")).contains("recorded by the server");
    assertThat(errors.getJsonObject(4).getString("error")).contains("repeats");

    Map<String, EventTopic.Read> read = read(3, play, heartbeat, search).stream()
        .collect(Collectors.toMap(e -> e.value().getString("eventId"), Function.identity()));
    assertThat(read).containsOnlyKeys(play, heartbeat, search);
    String subject = "u:" + viewer.id();
    read.values().forEach(e -> {
      assertThat(e.key()).isEqualTo(subject);
      assertThat(e.value().getString("subject")).isEqualTo(subject);
      assertThat(e.value().getLong("userId")).isEqualTo(viewer.id()); // from the token, not the body
      assertThat(e.value().getLong("serverTime")).isBetween(before, after);
      assertThat(e.value().getString("source")).isEqualTo("client");
    });
    JsonObject playEvent = read.get(play).value();
    assertThat(playEvent.getString("deviceId")).isEqualTo("phone-1");
    assertThat(playEvent.getLong("clientTime")).isEqualTo(42L);
    assertThat(playEvent.getString("videoId")).isEqualTo("vid1");
    assertThat(read.get(heartbeat).value().getDouble("watchedSeconds")).isEqualTo(10.0);
    assertThat(read.get(heartbeat).value().getDouble("position")).isEqualTo(30.5);
    assertThat(read.get(search).value().getString("query")).isEqualTo("anime");
  }

  @Test
  void aSignedOutViewerIsTheirDevice() {
    String device = "dev-" + id();
    String impression = id();
    String skip = id();
    Http.Response r = post(new JsonArray()
        .add(new JsonObject().put("eventId", impression).put("type", "impression").put("streamId", "live1"))
        .add(new JsonObject().put("eventId", skip).put("type", "skip").put("videoId", "vid2").put("afterSeconds", 4)),
        null, device);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json()).isEqualTo(new JsonObject().put("accepted", 2).put("errors", new JsonArray()));

    List<EventTopic.Read> read = read(2, impression, skip);
    assertThat(read).hasSize(2).allSatisfy(e -> {
      assertThat(e.key()).isEqualTo("d:" + device);
      assertThat(e.value().getString("deviceId")).isEqualTo(device);
      assertThat(e.value().containsKey("userId")).isFalse();
    });
  }

  @Test
  void batchesThatAreNotListsOfAtMost500AreRefused() {
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 501; i++) {
      tooMany.add(new JsonObject().put("eventId", "e" + i).put("type", "play").put("videoId", "v"));
    }
    assertError(post(tooMany, null, "dev"), 400, "too_many_events");
    assertError(post("{\"events\": [", null, "dev"), 400, "bad_request");
    assertError(post("[]", null, "dev"), 400, "bad_request");
    assertError(post("{\"events\": {}}", null, "dev"), 400, "bad_request");
    assertError(post(new JsonArray().add(new JsonObject().put("eventId", "x").put("type", "play")), null, null),
        400, "no_subject");
    assertError(post(new JsonArray(), null, "bad device id!"), 400, "bad_request");
    assertError(post(new JsonArray(), "forged", null), 401, "unauthorized");
  }

  @Test
  void aDanmakuInAStreamRoomIsAServerEvent() {
    Http.User streamer = http.registerUser("streamer");
    Http.User fan = http.registerUser("fan");
    Http.Response created = http.post("/api/streams", new JsonObject().put("title", "t"), streamer.token());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String streamId = created.json().getString("id");
    try (RoomClient room = RoomClient.connect(node.endpoints().httpUrl(), "s-" + streamId, fan.token())) {
      room.welcome();
      room.send(new JsonObject().put("type", "danmaku").put("id", "d1").put("text", "hello"));
      assertThat(room.reply("d1").getString("type")).isEqualTo("ack");
    }
    List<EventTopic.Read> read = EventTopic.await(node.serviceUrls().kafkaBootstrap(), 1,
        e -> "danmaku".equals(e.getString("type")) && streamId.equals(e.getString("streamId")));
    assertThat(read).hasSize(1);
    JsonObject event = read.get(0).value();
    assertThat(read.get(0).key()).isEqualTo("u:" + fan.id());
    assertThat(event.getLong("userId")).isEqualTo(fan.id());
    assertThat(event.getString("source")).isEqualTo("server");
    assertThat(event.getString("eventId")).startsWith("danmaku:");
    assertThat(event.getLong("serverTime")).isPositive();
  }

  @Test
  void withKafkaDownTheBatchIs503WithRetryAfter() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      closedPort = socket.getLocalPort();
    }
    ReelayNode down = TestNodes.start("REELAY_KAFKA_BOOTSTRAP", "127.0.0.1:" + closedPort);
    try {
      Http downHttp = new Http(down.endpoints().httpUrl());
      HttpRequest.Builder request = downHttp.request("/api/events", null).header("Content-Type", "application/json")
          .header("X-Device-Id", "dev-down").POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("events",
              new JsonArray().add(new JsonObject().put("eventId", id()).put("type", "play").put("videoId", "v")))
              .encode()));
      Http.Response r = downHttp.send(request);
      assertError(r, 503, "unavailable");
      assertThat(r.raw().headers().firstValue("Retry-After")).hasValue("2");
      assertThat(r.json().getString("message")).contains("resend");
      String metrics = downHttp.get("/metrics").body();
      assertThat(metrics).contains("reelay_tracking_kafka_failures_total 1.0");
    } finally {
      down.stop();
    }
  }
}
