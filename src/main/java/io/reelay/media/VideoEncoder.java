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
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * libx264 for one rung, set up as PeerTube does (preset veryfast, High profile, yuv420p, average bit rate
 * with a VBV cap) plus what adaptive streaming needs: an IDR frame exactly every {@code keyframeFrames}
 * frames and never anywhere else (no scene-cut keyframes), so every rendition has its keyframes at the same
 * instants and a player can switch at every segment boundary.
 */
final class VideoEncoder implements AutoCloseable {

  /** The VBV cap: peaks up to 1.5x the average rate, over a buffer of 2 s of the average rate. */
  static final double MAX_RATE_FACTOR = 1.5;
  static final double BUFFER_SECONDS = 2;

  private final AVCodecContext ctx;
  private final AVPacket packet;

  /**
   * @param fpsNum  output frame rate (the encoder's time base is its inverse: one tick per frame)
   * @param threads x264 threads, 0 for x264's choice
   * @param colour  the colour tags of the pictures it gets (written in the stream's VUI for players)
   */
  VideoEncoder(Rung rung, int fpsNum, int fpsDen, int keyframeFrames, int threads, SourcePicture.Colour colour)
      throws TranscodeException {
    this(rung, fpsDen, fpsNum, fpsNum, fpsDen, keyframeFrames, threads, colour, "veryfast", null,
        x264Params(keyframeFrames));
  }

  /**
   * libx264 for a live rung: timestamps in 90 kHz ticks (the ingest clock, so frames keep their real times and
   * rate control follows them), {@code tune=zerolatency} (no B-frames, no lookahead: a frame out per frame in),
   * and an IDR only where the caller asks for one ({@link #forceKeyframe}), never on x264's own schedule. Preset
   * superfast: a live ladder must keep real time, and it costs 15 % less CPU than veryfast (bench/live/abr.sh).
   *
   * @param nominalFps the rate x264 assumes before timestamps tell it otherwise
   */
  static VideoEncoder live(Rung rung, int nominalFps, int threads, SourcePicture.Colour colour) throws TranscodeException {
    return new VideoEncoder(rung, 1, 90_000, nominalFps, 1, 0, threads, colour, "superfast", "zerolatency",
        "keyint=infinite:scenecut=0");
  }

  private VideoEncoder(Rung rung, int timeBaseNum, int timeBaseDen, int fpsNum, int fpsDen, int keyframeFrames,
      int threads, SourcePicture.Colour colour, String preset, String tune, String x264Params) throws TranscodeException {
    AVCodec codec = avcodec_find_encoder_by_name("libx264");
    if (codec == null) {
      throw new TranscodeException("H.264 encoder unavailable");
    }
    ctx = avcodec_alloc_context3(codec);
    packet = av_packet_alloc();
    AVDictionary options = new AVDictionary(null);
    try {
      ctx.width(rung.width());
      ctx.height(rung.height());
      ctx.pix_fmt(AV_PIX_FMT_YUV420P);
      ctx.color_range(AVCOL_RANGE_MPEG);
      ctx.color_primaries(colour.primaries());
      ctx.color_trc(colour.transfer());
      ctx.colorspace(colour.matrix());
      ctx.sample_aspect_ratio(av_make_q(1, 1));
      ctx.time_base(av_make_q(timeBaseNum, timeBaseDen));
      ctx.framerate(av_make_q(fpsNum, fpsDen));
      ctx.bit_rate(rung.videoBitrate());
      ctx.rc_max_rate(Math.round(rung.videoBitrate() * MAX_RATE_FACTOR));
      ctx.rc_buffer_size((int) Math.min(Integer.MAX_VALUE, Math.round(rung.videoBitrate() * BUFFER_SECONDS)));
      if (keyframeFrames > 0) {
        ctx.gop_size(keyframeFrames);
        ctx.keyint_min(keyframeFrames);
      }
      ctx.thread_count(threads);
      ctx.flags(ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER); // SPS/PPS in extradata: MP4 needs them there
      av_dict_set(options, "preset", preset, 0);
      av_dict_set(options, "profile", "high", 0);
      if (tune != null) {
        av_dict_set(options, "tune", tune, 0);
      }
      av_dict_set(options, "forced-idr", "1", 0); // a frame marked I becomes an IDR: a segment can start there
      av_dict_set(options, "x264-params", x264Params, 0);
      Av.check(avcodec_open2(ctx, codec, options), "could not open the H.264 encoder for " + rung.name());
    } catch (TranscodeException e) {
      close();
      throw e;
    } finally {
      av_dict_free(options);
    }
  }

  /** The same x264 options the benchmark gives the FFmpeg CLI. */
  static String x264Params(int keyframeFrames) {
    return "keyint=" + keyframeFrames + ":min-keyint=" + keyframeFrames + ":scenecut=0";
  }

  AVCodecContext context() {
    return ctx;
  }

  /** RFC 6381 codec of what x264 wrote in its SPS, e.g. {@code avc1.640028} (High, level 4.0). */
  String codecs() {
    return AvcCodecs.fromExtradata(ctx.extradata(), ctx.extradata_size());
  }

  /** Marks {@code frame} to be coded as an IDR frame (or lets x264 choose its type), before {@link #encode}. */
  static void forceKeyframe(AVFrame frame, boolean keyframe) {
    frame.pict_type(keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
  }

  /** Encodes a frame (its pts in the time base: frames, or 90 kHz ticks when live), or drains the encoder when {@code frame} is null. */
  void encode(AVFrame frame, PacketSink sink) throws TranscodeException, InterruptedException {
    int ret = avcodec_send_frame(ctx, frame);
    if (ret < 0 && !(frame == null && ret == AVERROR_EOF)) {
      Av.check(ret, "H.264 encoding failed");
    }
    while (true) {
      ret = avcodec_receive_packet(ctx, packet);
      if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
        return;
      }
      Av.check(ret, "H.264 encoding failed");
      try {
        sink.accept(packet);
      } finally {
        av_packet_unref(packet);
      }
    }
  }

  @Override
  public void close() {
    av_packet_free(packet);
    avcodec_free_context(ctx);
  }
}
