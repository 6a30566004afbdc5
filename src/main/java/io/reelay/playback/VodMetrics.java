package io.reelay.playback;

import io.micrometer.core.instrument.Counter;
import io.reelay.node.NodeMetrics;
import java.util.EnumMap;
import java.util.Map;

/** Playback requests answered from a file (200, 206, 304, 416) and body bytes sent, by type of file. */
final class VodMetrics {

  private final Map<VodFileType, Counter> requests = new EnumMap<>(VodFileType.class);
  private final Map<VodFileType, Counter> bytes = new EnumMap<>(VodFileType.class);

  VodMetrics(NodeMetrics metrics) {
    for (VodFileType type : VodFileType.values()) {
      // Several types share a label (e.g. every kind of segment); the registry hands back the same counter.
      requests.put(type, metrics.counter("reelay_vod_requests", "VOD files requested", "type", type.metric()));
      bytes.put(type, metrics.counter("reelay_vod_bytes", "VOD body bytes sent", "type", type.metric()));
    }
  }

  void requested(VodFileType type) {
    requests.get(type).increment();
  }

  void sent(VodFileType type, long n) {
    bytes.get(type).increment(n);
  }
}
