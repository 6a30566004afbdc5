package io.reelay.recommend.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.recommend.model.EventKind;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class TrackedEventTest {

  private static String event(String eventId, String subject) {
    return new JsonObject().put("eventId", eventId).put("subject", subject).put("type", "heartbeat")
        .put("videoId", "v1").put("serverTime", 1000).put("watchedSeconds", 30).encode();
  }

  @Test
  void idsOfTheContractAreTaken() throws TrackedEvent.Unusable {
    TrackedEvent e = TrackedEvent.parse(event("a-Z_0.9:x", "d:" + "x".repeat(62)));
    assertThat(e.kind()).isEqualTo(EventKind.HEARTBEAT);
    assertThat(e.subject()).isEqualTo("d:" + "x".repeat(62));
    assertThat(TrackedEvent.parse(event("e".repeat(64), "u:1")).eventId()).hasSize(64);
  }

  @Test
  void idsOutsideTheContractAreRefused() {
    for (String bad : new String[] {"has space", "é", "a/b", "e".repeat(65)}) {
      assertThatThrownBy(() -> TrackedEvent.parse(event(bad, "u:1"))).hasMessage("bad eventId");
    }
    for (String bad : new String[] {"u:", "x:1", "u1", "u:a b", "U:1", "d:é"}) {
      assertThatThrownBy(() -> TrackedEvent.parse(event("e1", bad))).hasMessage("bad subject");
    }
  }
}
