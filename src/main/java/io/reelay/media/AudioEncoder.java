package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;

/**
 * AAC-LC, stereo, 128 kb/s, encoded ONCE per source: its packets go to every rendition's muxer (the audio of
 * all renditions is identical, so encoding it per rendition would only burn CPU). Resamples whatever the
 * source has to stereo float planar and cuts it into the encoder's 1024-sample frames.
 */
final class AudioEncoder implements AutoCloseable {

  static final long BITRATE = 128_000;

  private final AVCodecContext ctx;
  private final AVPacket packet = av_packet_alloc();
  private final AVFrame resampled = av_frame_alloc();
  private final AVFrame chunk = av_frame_alloc();
  private final AVAudioFifo fifo;
  private SwrContext swr;
  private long samplesOut;
  private long firstPts = AV_NOPTS_VALUE;

  /** @param sourceRate the source's sample rate; kept when it is 44.1 or 48 kHz, else 48 kHz */
  AudioEncoder(int sourceRate) throws TranscodeException {
    AVCodec codec = avcodec_find_encoder_by_name("aac");
    ctx = avcodec_alloc_context3(codec);
    int rate = sourceRate == 44_100 ? 44_100 : 48_000;
    ctx.sample_rate(rate);
    ctx.sample_fmt(AV_SAMPLE_FMT_FLTP);
    av_channel_layout_default(ctx.ch_layout(), 2);
    ctx.bit_rate(BITRATE);
    ctx.time_base(av_make_q(1, rate));
    ctx.flags(ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
    try {
      Av.check(avcodec_open2(ctx, codec, (AVDictionary) null), "could not open the AAC encoder");
    } catch (TranscodeException e) {
      freeAll();
      throw e;
    }
    fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, 2, ctx.frame_size() * 4);
  }

  AVCodecContext context() {
    return ctx;
  }

  /** Samples encoded so far, at {@link #sampleRate()}. */
  long samplesOut() {
    return samplesOut;
  }

  int sampleRate() {
    return ctx.sample_rate();
  }

  /**
   * @param frame     a decoded source frame
   * @param offsetPts where the source's audio starts relative to output time 0, in output samples; used for
   *                  the first frame only (later frames are taken to follow on without gaps)
   */
  void encode(AVFrame frame, long offsetPts, PacketSink sink) throws TranscodeException, InterruptedException {
    if (swr == null) {
      openResampler(frame);
      firstPts = Math.max(0, offsetPts);
    }
    resample(frame);
    drainFifo(false, sink);
  }

  /** Encodes what is left and drains the encoder. */
  void flush(PacketSink sink) throws TranscodeException, InterruptedException {
    if (swr != null) {
      resample(null);
    }
    drainFifo(true, sink);
    send(null, sink);
  }

  private void openResampler(AVFrame in) throws TranscodeException {
    AVChannelLayout inLayout = in.ch_layout();
    SwrContext s = new SwrContext(null);
    Av.check(swr_alloc_set_opts2(s, ctx.ch_layout(), ctx.sample_fmt(), ctx.sample_rate(),
        inLayout, in.format(), in.sample_rate(), 0, null), "unsupported audio format");
    swr = s;
    Av.check(swr_init(swr), "unsupported audio format");
  }

  private void resample(AVFrame in) throws TranscodeException {
    av_frame_unref(resampled);
    // room for what this input gives plus what the resampler still holds (all of it when flushing)
    resampled.nb_samples(Math.max(1, swr_get_out_samples(swr, in == null ? 0 : in.nb_samples())));
    resampled.format(ctx.sample_fmt());
    resampled.sample_rate(ctx.sample_rate());
    av_channel_layout_default(resampled.ch_layout(), 2);
    Av.check(av_frame_get_buffer(resampled, 0), "out of memory");
    Av.check(swr_convert_frame(swr, resampled, in), "audio conversion failed");
    if (resampled.nb_samples() > 0) {
      av_audio_fifo_write(fifo, resampled.extended_data(), resampled.nb_samples());
    }
  }

  private void drainFifo(boolean all, PacketSink sink) throws TranscodeException, InterruptedException {
    int frameSize = ctx.frame_size();
    while (av_audio_fifo_size(fifo) >= frameSize || (all && av_audio_fifo_size(fifo) > 0)) {
      int n = Math.min(frameSize, av_audio_fifo_size(fifo));
      av_frame_unref(chunk);
      chunk.nb_samples(n);
      chunk.format(ctx.sample_fmt());
      chunk.sample_rate(ctx.sample_rate());
      av_channel_layout_default(chunk.ch_layout(), 2);
      Av.check(av_frame_get_buffer(chunk, 0), "out of memory");
      Av.check(av_frame_make_writable(chunk), "out of memory");
      av_audio_fifo_read(fifo, chunk.extended_data(), n);
      chunk.pts(firstPts + samplesOut);
      samplesOut += n;
      send(chunk, sink);
    }
  }

  private void send(AVFrame frame, PacketSink sink) throws TranscodeException, InterruptedException {
    int ret = avcodec_send_frame(ctx, frame);
    if (ret < 0 && !(frame == null && ret == AVERROR_EOF)) {
      Av.check(ret, "AAC encoding failed");
    }
    while (true) {
      ret = avcodec_receive_packet(ctx, packet);
      if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
        return;
      }
      Av.check(ret, "AAC encoding failed");
      try {
        sink.accept(packet);
      } finally {
        av_packet_unref(packet);
      }
    }
  }

  private void freeAll() {
    if (swr != null) {
      swr_free(swr);
      swr = null;
    }
    av_frame_free(chunk);
    av_frame_free(resampled);
    av_packet_free(packet);
    avcodec_free_context(ctx);
  }

  @Override
  public void close() {
    if (fifo != null) {
      av_audio_fifo_free(fifo);
    }
    freeAll();
  }
}
