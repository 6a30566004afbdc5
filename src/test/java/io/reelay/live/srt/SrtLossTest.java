package io.reelay.live.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import io.reelay.testing.LivePublisher;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** FFmpeg publishing through a relay that loses and reorders packets. */
@ExtendWith(VertxExtension.class)
class SrtLossTest {

  static {
    if (av_log_get_level() > AV_LOG_ERROR) {
      av_log_set_level(AV_LOG_ERROR);
    }
  }

  private final String key = "live_" + UUID.randomUUID().toString().replace("-", "");
  private final String clean = "live_" + UUID.randomUUID().toString().replace("-", "");
  private final CollectingAdmission admission = new CollectingAdmission(key, clean);
  private SrtListener listener;
  private LossyRelay relay;
  private int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    listener = new SrtListener(admission, SrtSettings.defaults());
    port = listener.start(vertx, "127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (relay != null) {
      relay.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    listener.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private String throughRelay(Vertx vertx, double loss, double reorder, String key, int latencyMillis)
      throws Exception {
    relay = new LossyRelay(vertx, port, loss, reorder);
    int relayPort = relay.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return "srt://127.0.0.1:" + relayPort + "?streamid=publish:" + key + "&latency=" + latencyMillis * 1000;
  }

  @Test
  void fivePercentLossIsRepairedByRetransmission(Vertx vertx) throws Exception {
    String url = throughRelay(vertx, 0.05, 0.02, key, 400);
    int sent;
    SrtConnectionStats stats;
    try (LivePublisher publisher = LivePublisher.start(url, 25, "mpegts")) {
      publisher.awaitFrames(100);
      relay.loss = 0; // the tail must arrive too: the sender does not repair after it closes
      relay.reorder = 0;
      publisher.awaitFrames(150);
      Thread.sleep(1100); // a fresh stats snapshot
      stats = listener.connections().get(0);
      sent = publisher.frames();
    }
    CollectingAdmission.Sink sink = admission.await(key);
    sink.awaitEnd();
    assertThat(relay.lost.get()).isPositive();
    assertThat(relay.reordered.get()).isPositive();
    assertThat(stats.packetsLost()).isPositive();
    assertThat(stats.packetsRetransmitted()).isPositive();
    assertThat(stats.packetsDropped()).isZero();
    assertThat(stats.rttMillis()).isLessThan(100);
    TsCheck.assertIntact(sink.bytes());
    assertThat(TsCheck.videoFrames(sink.bytes())).isGreaterThanOrEqualTo(sent - 3);
  }

  @Test
  void thirtyPercentLossLeavesTheListenerAndOthersHealthy(Vertx vertx) throws Exception {
    String lossy = throughRelay(vertx, 0.30, 0.05, key, 120);
    LivePublisher good = LivePublisher.start(SrtFfmpegPublishTest.url(port, "publish:" + clean), 25, "mpegts");
    LivePublisher bad = LivePublisher.start(lossy, 25, "mpegts");
    good.awaitFrames(100);
    assertThat(listener.connections()).hasSize(2);
    int sent = good.frames();
    assertThat(bad.frames()).isPositive();
    SrtFfmpegPublishTest.closeBoth(good, bad);
    CollectingAdmission.Sink goodSink = admission.await(clean);
    goodSink.awaitEnd();
    TsCheck.assertIntact(goodSink.bytes());
    assertThat(TsCheck.videoFrames(goodSink.bytes())).isGreaterThanOrEqualTo(sent - 3);
    CollectingAdmission.Sink badSink = admission.await(key);
    badSink.awaitEnd();
    assertThat(badSink.ends.get()).isEqualTo(1);
    assertThat(badSink.messages.get()).isPositive();
    assertThat(listener.stateSize().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isZero();
  }
}
