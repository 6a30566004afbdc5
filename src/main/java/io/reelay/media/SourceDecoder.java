package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Demuxes and decodes a source once, handing every decoded video and audio frame of its first video and
 * first audio stream to a {@link Sink}. Owns every native object it allocates; {@link #close()} frees
 * them whatever state it is in.
 */
final class SourceDecoder implements AutoCloseable {

  /** Receives decoded frames; a frame is only valid during the call (take a reference to keep it). */
  interface Sink {
    void video(AVFrame frame) throws TranscodeException, InterruptedException;

    void audio(AVFrame frame) throws TranscodeException, InterruptedException;
  }

  /** What avformat_open_input returns for a format not on the list: AVERROR(EINVAL) on Linux. */
  private static final int NOT_ON_WHITELIST = -22;
  /** Decoding errors tolerated (FFmpeg conceals a damaged frame and goes on, as the CLI does). */
  private static final int MAX_DECODE_ERRORS = 100;

  private final AVFormatContext format = new AVFormatContext(null);
  private AVStream videoStream;
  private AVStream audioStream;
  private AVCodecContext videoDecoder;
  private AVCodecContext audioDecoder;
  private AVPacket packet;
  private AVFrame frame;
  private boolean opened;
  private int decodeErrors;

  private SourceDecoder() {
  }

  static SourceDecoder open(Path file) throws TranscodeException {
    SourceDecoder source = new SourceDecoder();
    try {
      source.openInput(file);
      return source;
    } catch (TranscodeException | RuntimeException e) {
      source.close();
      throw e;
    }
  }

  private void openInput(Path file) throws TranscodeException {
    AVDictionary options = new AVDictionary(null);
    try (BytePointer url = new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8)) {
      av_dict_set(options, "format_whitelist", Av.INPUT_FORMATS, 0);
      av_dict_set(options, "protocol_whitelist", "file", 0);
      int ret = avformat_open_input(format, url, null, options);
      if (ret == NOT_ON_WHITELIST) {
        throw new TranscodeException("not a supported media format");
      }
      Av.check(ret, "not a recognised media file");
      opened = true;
    } finally {
      av_dict_free(options);
    }
    Av.check(avformat_find_stream_info(format, (PointerPointer<?>) null), "could not read the media streams");
    videoStream = firstStream(AVMEDIA_TYPE_VIDEO);
    audioStream = firstStream(AVMEDIA_TYPE_AUDIO);
    if (videoStream == null && audioStream == null) {
      throw new TranscodeException("no video or audio stream");
    }
    requireIndexInsideFile(videoStream, file);
    requireIndexInsideFile(audioStream, file);
    if (videoStream != null) {
      videoDecoder = openDecoder(videoStream, "video");
    }
    if (audioStream != null) {
      audioDecoder = openDecoder(audioStream, "audio");
    }
    packet = av_packet_alloc();
    frame = av_frame_alloc();
  }

  /** The first stream of a type; cover art (an attached picture) is not a video. */
  private AVStream firstStream(int mediaType) {
    for (int i = 0; i < format.nb_streams(); i++) {
      AVStream st = format.streams(i);
      boolean coverArt = (st.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
      if (st.codecpar().codec_type() == mediaType && !coverArt) {
        return st;
      }
    }
    return null;
  }

  /**
   * An MP4 with its index first opens fine when its end is missing, and its demuxer then reports the missing
   * data as a plain end of file. The last index entry pointing past the end of the file gives it away (the
   * same check as {@link MediaProbe}'s, repeated because the transcoder must not rely on the caller's probe).
   */
  private static void requireIndexInsideFile(AVStream st, Path file) throws TranscodeException {
    int entries = st == null ? 0 : avformat_index_get_entries_count(st);
    if (entries > 0) {
      AVIndexEntry last = avformat_index_get_entry(st, entries - 1);
      long size;
      try {
        size = Files.size(file);
      } catch (IOException e) {
        throw new TranscodeException("file cannot be read", e);
      }
      if (last != null && last.pos() + last.size() > size) {
        throw new TranscodeException("file is truncated (it ends before the media data it indexes)");
      }
    }
  }

  private static AVCodecContext openDecoder(AVStream st, String kind) throws TranscodeException {
    AVCodec codec = avcodec_find_decoder(st.codecpar().codec_id());
    if (codec == null) {
      throw new TranscodeException(kind + " codec is not supported");
    }
    AVCodecContext ctx = avcodec_alloc_context3(codec);
    try {
      Av.check(avcodec_parameters_to_context(ctx, st.codecpar()), "could not read the " + kind + " stream");
      ctx.pkt_timebase(st.time_base());
      ctx.thread_count(0); // FFmpeg picks (frame threads for H.264): decoding must keep up with 4 encoders
      Av.check(avcodec_open2(ctx, codec, (AVDictionary) null), "could not open the " + kind + " decoder");
      return ctx;
    } catch (TranscodeException e) {
      avcodec_free_context(ctx);
      throw e;
    }
  }

  AVStream videoStream() {
    return videoStream;
  }

  AVStream audioStream() {
    return audioStream;
  }

  AVCodecContext audioDecoder() {
    return audioDecoder;
  }

  /** The earliest timestamp of the file in microseconds (AV_TIME_BASE), 0 when unknown. */
  long startTimeMicros() {
    return format.start_time() == AV_NOPTS_VALUE ? 0 : format.start_time();
  }

  /** Reads the whole file, then drains the decoders. Checks for interruption between packets. */
  void run(Sink sink) throws TranscodeException, InterruptedException {
    int videoIndex = videoStream == null ? -1 : videoStream.index();
    int audioIndex = audioStream == null ? -1 : audioStream.index();
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      int ret = av_read_frame(format, packet);
      if (ret == AVERROR_EOF) {
        break;
      }
      Av.check(ret, "the file could not be read to its end");
      try {
        if (packet.stream_index() == videoIndex) {
          decode(videoDecoder, packet, sink, true);
        } else if (packet.stream_index() == audioIndex) {
          decode(audioDecoder, packet, sink, false);
        }
      } finally {
        av_packet_unref(packet);
      }
    }
    if (videoDecoder != null) {
      decode(videoDecoder, null, sink, true);
    }
    if (audioDecoder != null) {
      decode(audioDecoder, null, sink, false);
    }
  }

  private void decode(AVCodecContext decoder, AVPacket pkt, Sink sink, boolean video)
      throws TranscodeException, InterruptedException {
    int ret = avcodec_send_packet(decoder, pkt);
    if (ret < 0 && ret != AVERROR_EOF && ret != AVERROR_EAGAIN()) {
      tolerate(ret, video);
      return;
    }
    while (true) {
      ret = avcodec_receive_frame(decoder, frame);
      if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
        return;
      }
      if (ret < 0) {
        tolerate(ret, video);
        continue;
      }
      try {
        if (video) {
          sink.video(frame);
        } else {
          sink.audio(frame);
        }
      } finally {
        av_frame_unref(frame);
      }
    }
  }

  private void tolerate(int ret, boolean video) throws TranscodeException {
    if (++decodeErrors > MAX_DECODE_ERRORS) {
      Av.check(ret, "the " + (video ? "video" : "audio") + " is too damaged to decode");
    }
  }

  @Override
  public void close() {
    if (frame != null) {
      av_frame_free(frame);
    }
    if (packet != null) {
      av_packet_free(packet);
    }
    if (videoDecoder != null) {
      avcodec_free_context(videoDecoder);
    }
    if (audioDecoder != null) {
      avcodec_free_context(audioDecoder);
    }
    if (opened) {
      avformat_close_input(format); // frees the context and its streams
      opened = false;
    }
  }
}
