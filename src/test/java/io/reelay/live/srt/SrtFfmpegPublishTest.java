package io.reelay.live.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import io.reelay.testing.LivePublisher;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** FFmpeg (libsrt, through JavaCV) publishing MPEG-TS to the real listener, as an encoder in the field would. */
@ExtendWith(VertxExtension.class)
class SrtFfmpegPublishTest {

  static {
    if (av_log_get_level() > AV_LOG_ERROR) {
      av_log_set_level(AV_LOG_ERROR);
    }
  }

  private final String key = "live_" + UUID.randomUUID().toString().replace("-", "");
  private final String other = "live_" + UUID.randomUUID().toString().replace("-", "");
  private final CollectingAdmission admission = new CollectingAdmission(key, other);
  private SrtListener listener;
  private int port;

  private void start(Vertx vertx) throws Exception {
    listener = new SrtListener(admission, SrtSettings.defaults());
    port = listener.start(vertx, "127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (listener != null) {
      listener.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  static String url(int port, String streamId) {
    // FFmpeg URL-decodes the stream id; '#', ',' and '/' would not survive otherwise
    String sid = streamId.startsWith("#") ? URLEncoder.encode(streamId, StandardCharsets.UTF_8) : streamId;
    return "srt://127.0.0.1:" + port + "?streamid=" + sid + "&latency=120000";
  }

  /** Publishes {@code frames} frames, stops, and checks what arrived is the whole stream. */
  private void publishAndCheck(String url, String key, int frames) throws Exception {
    int sent;
    try (LivePublisher publisher = LivePublisher.start(url, 25, "mpegts")) {
      publisher.awaitFrames(frames);
      CollectingAdmission.Sink sink = admission.await(key);
      sink.awaitMessages(10);
      assertThat(listener.connections()).anySatisfy(s -> {
        assertThat(s.maskedKey()).isEqualTo(key.substring(0, 4) + "****");
        assertThat(s.latencyMillis()).isEqualTo(120);
      });
      sent = publisher.frames();
    }
    CollectingAdmission.Sink sink = admission.await(key);
    sink.awaitEnd();
    assertThat(sink.ends.get()).isEqualTo(1);
    assertThat(sink.afterEnd.get()).isZero();
    byte[] ts = sink.bytes();
    TsCheck.assertIntact(ts);
    assertThat(TsCheck.videoFrames(ts)).isBetween(sent - 3, sent + 1);
  }

  @Test
  void publishStreamId(Vertx vertx) throws Exception {
    start(vertx);
    publishAndCheck(url(port, "publish:" + key), key, 75);
    assertThat(listener.connections()).isEmpty();
  }

  @Test
  void accessControlStreamId(Vertx vertx) throws Exception {
    start(vertx);
    publishAndCheck(url(port, "#!::u=someone,r=live/" + key + ",m=publish"), key, 50);
  }

  @Test
  void unknownKeyIsRejectedInTheHandshake(Vertx vertx) throws Exception {
    start(vertx);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> LivePublisher.start(url(port, "publish:live_nobody"), 25, "mpegts").close())
        .isInstanceOf(Exception.class);
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("rejected, not timed out").isLessThan(3);
    assertThat(admission.asked).containsExactly("live_nobody");
    assertThat(listener.connections()).isEmpty();
  }

  @Test
  void playModeIsRejectedWithoutAskingAdmission(Vertx vertx) throws Exception {
    start(vertx);
    assertThatThrownBy(() -> LivePublisher.start(url(port, "#!::r=live/" + key + ",m=request"), 25, "mpegts")
        .close()).isInstanceOf(Exception.class);
    assertThat(admission.asked).isEmpty();
  }

  @Test
  void twoCallersAtOnce(Vertx vertx) throws Exception {
    start(vertx);
    LivePublisher a = LivePublisher.start(url(port, "publish:" + key), 25, "mpegts");
    LivePublisher b = LivePublisher.start(url(port, "publish:" + other), 25, "mpegts");
    a.awaitFrames(50);
    b.awaitFrames(50);
    assertThat(listener.connections()).hasSize(2);
    int sentA = a.frames();
    int sentB = b.frames();
    closeBoth(a, b);
    CollectingAdmission.Sink sinkA = admission.await(key);
    CollectingAdmission.Sink sinkB = admission.await(other);
    sinkA.awaitEnd();
    sinkB.awaitEnd();
    TsCheck.assertIntact(sinkA.bytes());
    TsCheck.assertIntact(sinkB.bytes());
    assertThat(TsCheck.videoFrames(sinkA.bytes())).isGreaterThanOrEqualTo(sentA - 5);
    assertThat(TsCheck.videoFrames(sinkB.bytes())).isGreaterThanOrEqualTo(sentB - 5);
  }

  /**
   * Stops two publishers of this process. FFmpeg's libsrt_close() calls srt_cleanup(), which tears down libsrt for
   * the whole process: the other publisher's socket breaks (and it sends its shutdown). Not our bug; tolerated.
   */
  static void closeBoth(LivePublisher first, LivePublisher second) throws Exception {
    first.close();
    try {
      second.close();
    } catch (Exception e) {
      // see above
    }
  }
}
