package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * FFmpeg's HLS muxer for one rendition: {@code index.m3u8}, {@code init.mp4} and {@code seg_00001.m4s}...
 * in one directory. Segments are fragmented MP4 (CMAF): what current players prefer, less overhead than
 * MPEG-TS (no 188-byte packetisation, no PES headers), and reusable for DASH. The muxer cuts a segment at
 * the first keyframe at or after each {@code segmentSeconds} mark, so every segment starts with a keyframe.
 */
final class HlsWriter implements AutoCloseable {

  static final String PLAYLIST = "index.m3u8";

  private final AVFormatContext oc = new AVFormatContext(null);
  private final AVCodecContext videoEncoder;
  private final AVCodecContext audioEncoder;
  private AVStream videoStream;
  private AVStream audioStream;
  private boolean headerWritten;
  private boolean finished;

  /** @param video the video encoder (opened), or null; @param audio the audio encoder (opened), or null */
  HlsWriter(Path dir, AVCodecContext video, AVCodecContext audio, int segmentSeconds)
      throws TranscodeException {
    this.videoEncoder = video;
    this.audioEncoder = audio;
    String playlist = dir.resolve(PLAYLIST).toAbsolutePath().toString();
    Av.check(avformat_alloc_output_context2(oc, null, "hls", playlist), "could not create the HLS muxer");
    AVDictionary options = new AVDictionary(null);
    try {
      if (video != null) {
        videoStream = addStream(video);
      }
      if (audio != null) {
        audioStream = addStream(audio);
      }
      av_dict_set(options, "hls_time", Integer.toString(segmentSeconds), 0);
      av_dict_set(options, "hls_playlist_type", "vod", 0);
      av_dict_set(options, "hls_segment_type", "fmp4", 0);
      av_dict_set(options, "hls_fmp4_init_filename", "init.mp4", 0);
      // a template: a '%' in the directory's own name must not read as a format directive
      String template = dir.toAbsolutePath().toString().replace("%", "%%") + "/seg_%05d.m4s";
      av_dict_set(options, "hls_segment_filename", template, 0);
      av_dict_set(options, "start_number", "1", 0);
      av_dict_set(options, "hls_flags", "independent_segments", 0);
      Av.check(avformat_write_header(oc, options), "could not start the HLS output");
      headerWritten = true;
    } catch (TranscodeException e) {
      close();
      throw e;
    } finally {
      av_dict_free(options);
    }
  }

  private AVStream addStream(AVCodecContext encoder) throws TranscodeException {
    AVStream st = avformat_new_stream(oc, null);
    Av.check(avcodec_parameters_from_context(st.codecpar(), encoder), "could not set up the HLS output");
    st.time_base(encoder.time_base());
    return st;
  }

  /** Writes a video packet (timestamps in the video encoder's time base); takes over its reference. */
  void writeVideo(AVPacket packet) throws TranscodeException {
    write(packet, videoEncoder, videoStream);
  }

  /** Writes an audio packet (timestamps in the audio encoder's time base); takes over its reference. */
  void writeAudio(AVPacket packet) throws TranscodeException {
    write(packet, audioEncoder, audioStream);
  }

  private void write(AVPacket packet, AVCodecContext encoder, AVStream stream) throws TranscodeException {
    packet.stream_index(stream.index());
    av_packet_rescale_ts(packet, encoder.time_base(), stream.time_base());
    Av.check(av_interleaved_write_frame(oc, packet), "could not write the HLS output");
  }

  /** Writes the last segment and the final playlist. */
  void finish() throws TranscodeException {
    finished = true;
    Av.check(av_write_trailer(oc), "could not finish the HLS output");
  }

  @Override
  public void close() {
    if (headerWritten && !finished) {
      finished = true;
      av_write_trailer(oc); // also on failure: the muxer closes its open segment file only here
    }
    avformat_free_context(oc);
  }
}
