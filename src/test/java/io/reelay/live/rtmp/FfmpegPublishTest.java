package io.reelay.live.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.MediaKind;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** FFmpeg (through JavaCV) publishing to the real server, as OBS or an ffmpeg command line would. */
@ExtendWith(VertxExtension.class)
class FfmpegPublishTest {

  private static final int FPS = 25;
  private static final int RATE = 44_100;

  static {
    if (av_log_get_level() > AV_LOG_ERROR) {
      av_log_set_level(AV_LOG_ERROR);
    }
  }

  private final RecordingPublishers publishers = new RecordingPublishers();
  private RtmpServer server;

  private String startServer(Vertx vertx, RtmpSettings settings, String scheme) throws Exception {
    server = RtmpServer.start(vertx, publishers, settings, "127.0.0.1", 0)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return scheme + "://127.0.0.1:" + server.actualPort() + "/live/";
  }

  private String key() {
    String key = "key-" + UUID.randomUUID();
    publishers.keys.add(key);
    return key;
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void h264AndAacWithAKeyframeEverySecond(Vertx vertx) throws Exception {
    publishAndCheck(startServer(vertx, RtmpSettings.defaults(), "rtmp"), 100, 25, "ultrafast");
  }

  @Test
  void fourSecondGopsWithBFrames(Vertx vertx) throws Exception {
    RecordingPublishers.RecordingSink sink =
        publishAndCheck(startServer(vertx, RtmpSettings.defaults(), "rtmp"), 200, 100, "superfast");
    assertThat(sink.units(MediaKind.VIDEO)).as("B-frames: shown after they are decoded")
        .anyMatch(u -> u.pts() > u.dts());
  }

  private RecordingPublishers.RecordingSink publishAndCheck(String base, int frames, int gop, String preset)
      throws Exception {
    String key = key();
    push(base + key, frames, gop, preset);
    RecordingPublishers.RecordingSink sink = publishers.await(key);
    sink.awaitEnd();
    assertPublished(sink, frames, gop);
    return sink;
  }

  @Test
  void anUnknownKeyFailsTheClient(Vertx vertx) throws Exception {
    String url = startServer(vertx, RtmpSettings.defaults(), "rtmp") + "no-such-key";
    assertThatThrownBy(() -> push(url, 50, 25, "ultrafast")).isInstanceOf(Exception.class);
    assertThat(publishers.refused).containsExactly("no-such-key");
    assertThat(publishers.sinks).isEmpty();
    Thread.sleep(200);
    assertThat(server.connections()).isZero();
  }

  @Test
  void tenPublishersAtOnce(Vertx vertx) throws Exception {
    String base = startServer(vertx, RtmpSettings.defaults(), "rtmp");
    List<String> keys = IntStream.range(0, 10).mapToObj(i -> key()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(keys.size());
    try {
      List<Future<?>> pushes = new ArrayList<>();
      for (String key : keys) {
        pushes.add(pool.submit(() -> {
          push(base + key, 50, 25, "ultrafast");
          return null;
        }));
      }
      for (Future<?> push : pushes) {
        push.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (String key : keys) {
      RecordingPublishers.RecordingSink sink = publishers.await(key);
      sink.awaitEnd();
      assertPublished(sink, 50, 25);
    }
  }

  @Test
  void rtmpsWithASelfSignedCertificate(Vertx vertx) throws Exception {
    RtmpSettings tls = RtmpSettings.defaults()
        .withNetOptions(new NetServerOptions().setSsl(true).setKeyCertOptions(selfSigned()));
    publishAndCheck(startServer(vertx, tls, "rtmps"), 50, 25, "ultrafast"); // FFmpeg does not verify by default
  }

  /**
   * A throw-away self-signed certificate made by the JDK's keytool (Vert.x's SelfSignedCertificate needs Bouncy
   * Castle on current JDKs, and is deprecated).
   */
  private static PfxOptions selfSigned() throws Exception {
    Path store = Files.createTempDirectory("rtmps").resolve("cert.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "rtmp", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "secret", "-keypass", "secret")
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor()).as(output).isZero();
    return new PfxOptions().setPath(store.toString()).setPassword("secret");
  }

  private static void assertPublished(RecordingPublishers.RecordingSink sink, int frames, int gop) throws Exception {
    Thread.sleep(100);
    assertThat(sink.ends.get()).isEqualTo(1);
    assertThat(sink.callAfterEnd).isFalse();
    assertThat(sink.videoTracks).isNotEmpty();
    assertThat(sink.videoTracks.get(0).avcDecoderConfigurationRecord()[0]).as("configurationVersion")
        .isEqualTo((byte) 1);
    assertThat(sink.audioTracks).isNotEmpty();
    assertThat(sink.audioTracks.get(0).audioSpecificConfig()).hasSizeGreaterThanOrEqualTo(2);
    List<AccessUnit> video = sink.units(MediaKind.VIDEO);
    assertThat(video).hasSize(frames);
    List<Integer> keyframes = IntStream.range(0, video.size()).filter(i -> video.get(i).keyframe()).boxed().toList();
    assertThat(keyframes).isEqualTo(IntStream.range(0, frames / gop).map(i -> i * gop).boxed().toList());
    for (int i = 1; i < video.size(); i++) {
      assertThat(video.get(i).dts()).as("video dts " + i).isGreaterThan(video.get(i - 1).dts());
      assertThat(video.get(i).pts()).isGreaterThanOrEqualTo(video.get(i).dts());
    }
    long span = video.get(frames - 1).dts() - video.get(0).dts();
    assertThat(span).as("%d frames at %d fps", frames, FPS)
        .isBetween((frames - 1) * 3600L - 90, (frames - 1) * 3600L + 90);
    List<AccessUnit> audio = sink.units(MediaKind.AUDIO);
    int aacFrames = frames * RATE / FPS / 1024;
    assertThat(audio.size()).as("AAC frames of 1024 samples").isBetween(aacFrames, aacFrames + 4);
    for (int i = 1; i < audio.size(); i++) {
      assertThat(audio.get(i).dts()).isGreaterThanOrEqualTo(audio.get(i - 1).dts());
    }
  }

  /** Encodes and sends {@code frames} frames of moving synthetic video and a tone, as fast as FFmpeg can. */
  private static void push(String url, int frames, int gop, String preset) throws Exception {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(url, 320, 240, 2)) {
      recorder.setFormat("flv");
      recorder.setVideoCodecName("libx264");
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(FPS);
      recorder.setGopSize(gop);
      recorder.setVideoOption("preset", preset);
      recorder.setVideoOption("x264-params", "scenecut=0"); // keyframes exactly at the GOP interval
      recorder.setAudioCodec(AV_CODEC_ID_AAC);
      recorder.setSampleRate(RATE);
      recorder.setAudioChannels(2);
      recorder.setAudioBitrate(96_000);
      recorder.start();
      Frame frame = new Frame(320, 240, Frame.DEPTH_UBYTE, 3);
      byte[] pixels = new byte[frame.imageStride * 240];
      long sample = 0;
      for (int n = 0; n < frames; n++) {
        for (int y = 0; y < 240; y++) {
          for (int x = 0; x < 320 * 3; x++) {
            pixels[y * frame.imageStride + x] = (byte) (x + y * 2 + n * 5);
          }
        }
        ((ByteBuffer) frame.image[0]).clear().put(pixels).clear();
        recorder.record(frame);
        ShortBuffer tone = ShortBuffer.allocate(RATE / FPS * 2);
        for (int i = 0; i < RATE / FPS; i++, sample++) {
          short v = (short) (Math.sin(2 * Math.PI * 440 * sample / RATE) * 8000);
          tone.put(v).put(v);
        }
        recorder.recordSamples(RATE, 2, tone.flip());
      }
      recorder.stop();
    }
  }
}
