package io.reelay.live.rtmp;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.IngestSink;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns RTMP audio (8) and video (9) message payloads - FLV tag bodies (FLV spec v10, E.4.2/E.4.3) - into what an
 * {@link IngestSink} takes. Only H.264 and AAC are ingested; any other codec is an
 * {@link UnsupportedMediaException} with a message for the publisher, malformed tags a protocol error.
 */
final class FlvTags {

  private static final int AVC = 7;
  private static final int AAC = 10;
  private static final int VIDEO_INFO_FRAME = 5;
  private static final int KEY_FRAME = 1;
  private static final String[] VIDEO_CODECS = {
    "0", "JPEG", "Sorenson H.263", "Screen video", "VP6", "VP6 with alpha", "Screen video 2", "H.264", "8", "9",
    "10", "11", "HEVC (non-standard id 12)", "13", "14", "15"};
  private static final String[] AUDIO_FORMATS = {
    "PCM", "ADPCM", "MP3", "PCM little-endian", "Nellymoser 16 kHz", "Nellymoser 8 kHz", "Nellymoser", "G.711 A-law",
    "G.711 mu-law", "enhanced", "AAC", "Speex", "12", "13", "MP3 8 kHz", "device-specific"};

  private FlvTags() {
  }

  /** One video message at {@code ms} (64-bit milliseconds). */
  static void video(long ms, Buffer p, IngestSink sink) {
    if (p.length() == 0) {
      return; // some encoders send empty messages as keep-alives
    }
    int b0 = p.getUnsignedByte(0);
    if ((b0 & 0x80) != 0) {
      throw new UnsupportedMediaException("enhanced RTMP video (" + fourCc(p) + ") is not supported; send H.264");
    }
    if (b0 >> 4 == VIDEO_INFO_FRAME) {
      return; // a video info / command frame, no picture
    }
    if ((b0 & 0x0F) != AVC) {
      throw new UnsupportedMediaException("video codec " + VIDEO_CODECS[b0 & 0x0F] + " is not supported; send H.264");
    }
    if (p.length() < 5) {
      throw new RtmpProtocolException("AVC video tag of " + p.length() + " bytes");
    }
    int cts = p.getUnsignedMedium(2) << 8 >> 8; // signed 24-bit composition time offset, ms
    switch (p.getUnsignedByte(1)) {
      case 0 -> {
        if (p.length() < 5 + 7 || p.getUnsignedByte(5) != 1) {
          throw new RtmpProtocolException("AVC sequence header is not an AVCDecoderConfigurationRecord");
        }
        sink.video(new VideoTrack(p.getBytes(5, p.length())));
      }
      case 1 -> {
        if (p.length() > 5) {
          long dts = ms * 90;
          sink.unit(new AccessUnit(MediaKind.VIDEO, dts, dts + cts * 90L, b0 >> 4 == KEY_FRAME,
              p.getBytes(5, p.length())));
        }
      }
      case 2 -> { } // end of sequence: the publisher's unpublish or close ends the stream
      default -> throw new RtmpProtocolException("unknown AVC packet type " + p.getUnsignedByte(1));
    }
  }

  /** One audio message at {@code ms} (64-bit milliseconds). */
  static void audio(long ms, Buffer p, IngestSink sink) {
    if (p.length() == 0) {
      return;
    }
    int format = p.getUnsignedByte(0) >> 4;
    if (format == 9) {
      throw new UnsupportedMediaException("enhanced RTMP audio (" + fourCc(p) + ") is not supported; send AAC");
    }
    if (format != AAC) {
      throw new UnsupportedMediaException("audio format " + AUDIO_FORMATS[format] + " is not supported; send AAC");
    }
    if (p.length() < 2) {
      throw new RtmpProtocolException("AAC audio tag of 1 byte");
    }
    switch (p.getUnsignedByte(1)) {
      case 0 -> {
        if (p.length() < 4) {
          throw new RtmpProtocolException("AAC sequence header shorter than an AudioSpecificConfig");
        }
        sink.audio(new AudioTrack(p.getBytes(2, p.length())));
      }
      case 1 -> {
        if (p.length() > 2) {
          sink.unit(new AccessUnit(MediaKind.AUDIO, ms * 90, ms * 90, true, p.getBytes(2, p.length())));
        }
      }
      default -> throw new RtmpProtocolException("unknown AAC packet type " + p.getUnsignedByte(1));
    }
  }

  /** The codec FourCC of an enhanced RTMP tag (bytes 1-4), for the refusal message. */
  private static String fourCc(Buffer p) {
    return p.length() < 5 ? "?" : p.getString(1, 5, StandardCharsets.ISO_8859_1.name()).replaceAll("[^ -~]", "?");
  }
}
