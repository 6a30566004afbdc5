package io.reelay.live;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.reelay.live.srt.SrtConnectionStats;
import io.reelay.node.NodeMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Per SRT connection figures in /metrics, labelled by stream: RTT, loss, retransmissions, drops, bit rate. The
 * rows are replaced on each refresh (once a second), so connections that ended disappear. One timer for all
 * connections, {@code reelay_srt_delivery_lateness}: how long after its TSBPD time (sender timestamp + latency) each
 * message was handed to the demuxer, i.e. what the receiver adds beyond the configured latency.
 */
final class SrtMetrics {

  private final List<Figure> figures;
  private final Timer lateness;

  private record Figure(MultiGauge gauge, ToDoubleFunction<SrtConnectionStats> value) {
  }

  SrtMetrics(NodeMetrics metrics) {
    this.figures = List.of(
        figure(metrics, "reelay_srt_rtt_ms", "smoothed round-trip time of an SRT publisher", SrtConnectionStats::rttMillis),
        figure(metrics, "reelay_srt_packets_received", "data packets received (retransmissions included)",
            s -> s.packetsReceived()),
        figure(metrics, "reelay_srt_packets_lost", "sequence numbers found missing on arrival", s -> s.packetsLost()),
        figure(metrics, "reelay_srt_packets_retransmitted", "packets that arrived retransmitted",
            s -> s.packetsRetransmitted()),
        figure(metrics, "reelay_srt_packets_dropped", "packets given up: not repaired before their delivery time",
            s -> s.packetsDropped()),
        figure(metrics, "reelay_srt_bitrate_bps", "payload bit rate over the last second", s -> s.bitrate()));
    this.lateness = Timer.builder("reelay_srt_delivery_lateness")
        .description("from an SRT message's TSBPD time (sender timestamp + latency) to its delivery")
        .publishPercentiles(0.5, 0.99)
        .register(metrics.registry());
  }

  /** Called on the SRT listener's context for each message delivered by its TSBPD time. */
  void deliveryLateness(long micros) {
    lateness.record(micros, TimeUnit.MICROSECONDS);
  }

  private static Figure figure(NodeMetrics metrics, String name, String description,
      ToDoubleFunction<SrtConnectionStats> value) {
    return new Figure(MultiGauge.builder(name).description(description).register(metrics.registry()), value);
  }

  /** @param connections each current connection with the stream it publishes ("" while being admitted) */
  void refresh(List<Map.Entry<SrtConnectionStats, String>> connections) {
    for (Figure f : figures) {
      f.gauge().register(connections.stream()
          .map(c -> MultiGauge.Row.of(Tags.of("stream", c.getValue(), "socket", Integer.toString(c.getKey().socketId())),
              f.value().applyAsDouble(c.getKey())))
          .toList(), true);
    }
  }
}
