package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Decodes a live H.264 stream from its access units (4-byte length-prefixed NAL units, 90 kHz timestamps) and its
 * avcC record, which becomes the decoder's extradata as an MP4 demuxer would give it. Slice threads only: frame
 * threads would hold back a frame per thread, latency a live stream pays for.
 */
final class LiveVideoDecoder implements AutoCloseable {

  /** Receives decoded pictures, valid only during the call, with their pts (90 kHz) and whether they were IDR. */
  interface Sink {
    void picture(AVFrame frame, boolean keyframe) throws TranscodeException;
  }

  /** FF_THREAD_SLICE, a macro the Java bindings do not carry. */
  private static final int THREAD_SLICE = 2;
  /** Damaged units in a row tolerated (FFmpeg conceals and goes on) before the stream is given up on. */
  private static final int MAX_ERRORS_IN_A_ROW = 100;

  private final AVCodecContext ctx;
  private final AVPacket packet;
  private final AVFrame frame;
  private int errorsInARow;

  LiveVideoDecoder(byte[] avcc) throws TranscodeException {
    AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_H264);
    if (codec == null) {
      throw new TranscodeException("H.264 decoder unavailable");
    }
    ctx = avcodec_alloc_context3(codec);
    packet = av_packet_alloc();
    frame = av_frame_alloc();
    try {
      int size = avcc.length + AV_INPUT_BUFFER_PADDING_SIZE; // FFmpeg reads a little past the end
      BytePointer extradata = new BytePointer(av_malloc(size)).capacity(size); // freed with the context
      Pointer.memset(extradata, 0, size);
      extradata.put(avcc, 0, avcc.length);
      ctx.extradata(extradata);
      ctx.extradata_size(avcc.length);
      ctx.pkt_timebase(av_make_q(1, 90_000));
      ctx.thread_type(THREAD_SLICE);
      ctx.thread_count(0);
      Av.check(avcodec_open2(ctx, codec, (AVDictionary) null), "could not open the H.264 decoder");
    } catch (TranscodeException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Decodes one access unit; the pictures it completes go to {@code sink}. */
  void decode(byte[] data, long dts, long pts, boolean keyframe, Sink sink) throws TranscodeException {
    Av.check(av_new_packet(packet, data.length), "out of memory");
    try {
      packet.data().position(0).put(data).position(0);
      packet.dts(dts);
      packet.pts(pts);
      packet.flags(keyframe ? AV_PKT_FLAG_KEY : 0);
      send(packet, sink);
    } finally {
      av_packet_unref(packet);
    }
  }

  /** Hands out the pictures the decoder still holds (the end of the stream). */
  void drain(Sink sink) throws TranscodeException {
    send(null, sink);
  }

  private void send(AVPacket pkt, Sink sink) throws TranscodeException {
    int ret = avcodec_send_packet(ctx, pkt);
    if (ret < 0 && ret != AVERROR_EOF && ret != AVERROR_EAGAIN()) {
      tolerate(ret);
      return;
    }
    while (true) {
      ret = avcodec_receive_frame(ctx, frame);
      if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
        return;
      }
      if (ret < 0) {
        tolerate(ret);
        continue;
      }
      errorsInARow = 0;
      try {
        frame.pts(frame.best_effort_timestamp());
        sink.picture(frame, (frame.flags() & Av.FRAME_FLAG_KEY) != 0);
      } finally {
        av_frame_unref(frame);
      }
    }
  }

  private void tolerate(int ret) throws TranscodeException {
    if (++errorsInARow > MAX_ERRORS_IN_A_ROW) {
      Av.check(ret, "the live video is too damaged to decode");
    }
  }

  @Override
  public void close() {
    av_frame_free(frame);
    av_packet_free(packet);
    avcodec_free_context(ctx); // frees the extradata too
  }
}
