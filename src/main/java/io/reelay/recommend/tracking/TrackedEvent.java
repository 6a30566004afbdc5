package io.reelay.recommend.tracking;

import io.vertx.core.json.JsonObject;

/**
 * One enriched event as it goes to Kafka: the record key (the subject, {@code u:<userId>} or {@code d:<deviceId>},
 * so one viewer's events stay in order on one partition) and the value.
 */
record TrackedEvent(String subject, JsonObject json) {

  static final String TOPIC = "reelay.events";

  static String subject(Long userId, String deviceId) {
    return userId != null ? "u:" + userId : "d:" + deviceId;
  }

  String eventId() {
    return json.getString("eventId");
  }
}
