package io.reelay.live.srt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Checks received bytes are an intact MPEG-TS stream, and decodes it. */
final class TsCheck {

  private TsCheck() {}

  /** 188-byte packets, each starting with 0x47, and no continuity-counter gap on any PID. */
  static void assertIntact(byte[] ts) {
    assertThat(ts.length).as("TS bytes").isPositive();
    assertThat(ts.length % 188).as("whole TS packets").isZero();
    Map<Integer, Integer> last = new HashMap<>();
    for (int i = 0; i < ts.length; i += 188) {
      assertThat(ts[i]).as("sync byte at %d", i).isEqualTo((byte) 0x47);
      int pid = (ts[i + 1] & 0x1F) << 8 | ts[i + 2] & 0xFF;
      int afc = (ts[i + 3] >> 4) & 3;
      int cc = ts[i + 3] & 0xF;
      boolean discontinuity = (afc & 2) != 0 && (ts[i + 4] & 0xFF) > 0 && (ts[i + 5] & 0x80) != 0;
      if (pid == 0x1FFF) {
        continue;
      }
      Integer previous = last.put(pid, cc);
      if (previous != null && !discontinuity) {
        int expected = (afc & 1) != 0 ? (previous + 1) & 0xF : previous;
        assertThat(cc == expected || cc == previous).as("continuity of PID %d at packet %d", pid, i / 188).isTrue();
      }
    }
  }

  /** Decodes the stream from a temporary file; returns the number of video frames. */
  static int videoFrames(byte[] ts) throws Exception {
    Path file = Files.createTempFile("srt", ".ts");
    try {
      Files.write(file, ts);
      int frames = 0;
      try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
        grabber.start();
        assertThat(grabber.getVideoCodecName()).isEqualTo("h264");
        assertThat(grabber.getAudioChannels()).isEqualTo(2);
        Frame f;
        while ((f = grabber.grabImage()) != null) {
          if (f.image != null) {
            frames++;
          }
        }
      }
      return frames;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
