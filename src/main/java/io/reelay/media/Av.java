package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/** Small helpers around FFmpeg's C API shared by the transcoder's parts. */
final class Av {

  /**
   * The demuxers a source may be opened with (the probe and the transcoder), by FFmpeg name. Without a list
   * FFmpeg also "plays" text files (as ANSI art), still images, and playlists (HLS, concat) whose entries
   * make it open other files on this server.
   */
  static final String INPUT_FORMATS = "mov,matroska,avi,flv,mpegts,mpeg,ogg,asf,mxf,mp3,aac,wav,aiff,flac";

  /** AV_FRAME_FLAG_KEY (1 << 1), a macro the Java bindings do not carry. */
  static final int FRAME_FLAG_KEY = 1 << 1;

  private Av() {
  }

  /** Throws when an FFmpeg call failed; {@code reason} is user-facing, FFmpeg's own text is appended. */
  static int check(int ret, String reason) throws TranscodeException {
    if (ret < 0) {
      throw new TranscodeException(reason + " (ffmpeg: " + errorText(ret) + ")");
    }
    return ret;
  }

  static String errorText(int ret) {
    byte[] buf = new byte[256];
    av_strerror(ret, buf, buf.length);
    int len = 0;
    while (len < buf.length && buf[len] != 0) {
      len++;
    }
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }
}
