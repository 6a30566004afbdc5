package io.reelay.live;

import io.reelay.testing.Http;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Reading a live stream back in tests, as a player would. */
final class LivePlayback {

  private LivePlayback() {
  }

  /** Polls the stream's playlist until it contains {@code text} (15 s at most); returns it. */
  static String awaitPlaylistContaining(Http http, String id, String text) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    String body = "";
    while (System.currentTimeMillis() < deadline) {
      Http.Response r = http.get("/live/" + id + "/index.m3u8");
      body = r.body();
      if (r.status() == 200 && body.contains(text)) {
        return body;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("playlist never contained " + text + ": " + body);
  }

  /** Pictures FFmpeg decodes from the playlist (a finished one: after its ENDLIST). */
  static int decodedFrames(String playlistUrl) throws Exception {
    int frames = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(playlistUrl)) {
      grabber.start();
      while (grabber.grabImage() != null) {
        frames++;
      }
    }
    return frames;
  }
}
