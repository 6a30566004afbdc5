package io.reelay.recommend.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of bad event gets its own error; good ones come out enriched with only the fields their type has. */
class EventSchemaTest {

  static final long NOW = 1_790_000_000_000L;

  static EventSchema.Checked check(String json, Long user, String device) {
    return EventSchema.check(new JsonObject(json), user, device, NOW);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{'type':'play','videoId':'v'}                                          | eventId must be",
      "{'eventId':'a b','type':'play','videoId':'v'}                          | eventId must be",
      "{'eventId':'e','videoId':'v'}                                          | type must be one of",
      "{'eventId':'e','type':'watch','videoId':'v'}                           | type must be one of",
      "{'eventId':'e','type':'upload','videoId':'v'}                          | recorded by the server",
      "{'eventId':'e','type':'play'}                                          | needs a videoId or a streamId",
      "{'eventId':'e','type':'play','videoId':'v','streamId':'s'}             | not both",
      "{'eventId':'e','type':'play','videoId':'../etc'}                       | videoId must be",
      "{'eventId':'e','type':'play','streamId':7}                             | streamId must be",
      "{'eventId':'e','type':'heartbeat','videoId':'v','position':3}          | watchedSeconds is required",
      "{'eventId':'e','type':'heartbeat','videoId':'v','watchedSeconds':3}    | position is required",
      "{'eventId':'e','type':'heartbeat','videoId':'v','position':3,'watchedSeconds':4000} | watchedSeconds must be",
      "{'eventId':'e','type':'heartbeat','videoId':'v','position':'3','watchedSeconds':3}  | position must be",
      "{'eventId':'e','type':'skip','videoId':'v'}                            | afterSeconds is required",
      "{'eventId':'e','type':'skip','videoId':'v','afterSeconds':-1}          | afterSeconds must be",
      "{'eventId':'e','type':'search'}                                        | query must be",
      "{'eventId':'e','type':'search','query':'  '}                           | query must be",
      "{'eventId':'e','type':'follow'}                                        | creatorId must be",
      "{'eventId':'e','type':'follow','creatorId':1.5}                        | creatorId must be",
      "{'eventId':'e','type':'like','videoId':'v','clientTime':'yesterday'}   | clientTime must be",
      "{'eventId':'e','type':'like','videoId':'v','clientTime':-5}            | clientTime must be",
      "{'eventId':'e','type':'like','videoId':'v','deviceId':''}              | deviceId must be",
  })
  void refused(String json, String error) {
    EventSchema.Checked checked = check(json.replace('\'', '"'), 7L, null);
    assertThat(checked.event()).isNull();
    assertThat(checked.error()).contains(error);
  }

  @Test
  void signedOutWithoutADeviceIsRefused() {
    assertThat(check("{\"eventId\":\"e\",\"type\":\"like\",\"videoId\":\"v\"}", null, null).error())
        .contains("deviceId is required");
  }

  @Test
  void aGoodEventIsEnrichedAndKeepsOnlyItsFields() {
    TrackedEvent event = check("{\"eventId\":\"e:1\",\"type\":\"heartbeat\",\"videoId\":\"v\",\"position\":12,"
        + "\"watchedSeconds\":9.5,\"afterSeconds\":3,\"query\":\"q\",\"userId\":99,\"clientTime\":5,\"x\":1}",
        7L, "dev").event();
    assertThat(event.subject()).isEqualTo("u:7");
    assertThat(event.json()).isEqualTo(new JsonObject()
        .put("eventId", "e:1").put("type", "heartbeat").put("subject", "u:7").put("userId", 7L).put("deviceId", "dev")
        .put("videoId", "v").put("position", 12.0).put("watchedSeconds", 9.5).put("clientTime", 5L)
        .put("serverTime", NOW).put("source", "client"));
  }

  @Test
  void theEventsDeviceIdWinsOverTheHeaderAndNamesASignedOutSubject() {
    TrackedEvent event = check("{\"eventId\":\"e\",\"type\":\"follow\",\"creatorId\":3,\"deviceId\":\"tv\"}",
        null, "phone").event();
    assertThat(event.subject()).isEqualTo("d:tv");
    assertThat(event.json().getLong("creatorId")).isEqualTo(3L);
    assertThat(event.json().containsKey("userId")).isFalse();
  }
}
