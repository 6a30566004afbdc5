package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A live stream's video decoded once and encoded again at each rung of a ladder ({@link Ladder#live}), one
 * caller thread at a time (the stream's ABR worker), the rungs of each picture in parallel. A rung's frame is an IDR exactly when the source's is,
 * so every rendition can cut its segments at the same instants and a player can switch at any boundary.
 *
 * <p>Output is x264's: Annex B NAL units, the parameter sets once per encoder ({@link Output#opened}). A rung's
 * frames keep the source frames' times (90 kHz, the ingest clock): the picture's presentation time, and as decode
 * time the source's in the same position (the n-th picture out gets the n-th unit's decode time). An IDR frame is
 * both the n-th in and the n-th out, so a rung's keyframes have exactly the decode times of the source's, and its
 * segmenter cuts where the source's does, on the same timeline.
 */
public final class LiveLadder implements AutoCloseable {

  /** Where the rungs' output goes, on the caller's thread. */
  public interface Output {
    /** Rung {@code rung}'s encoder is open: its SPS and PPS (Annex B), before any of its frames. */
    void opened(int rung, byte[] parameterSets);

    /** One coded frame of rung {@code rung}: Annex B NAL units, at the source frame's times. */
    void frame(int rung, long dts, long pts, boolean keyframe, byte[] annexB);
  }

  /** x264's assumed rate until the timestamps say otherwise; live sources are mostly 25–30 fps. */
  private static final int NOMINAL_FPS = 30;
  private static final SourcePicture.Colour UNSPECIFIED =
      new SourcePicture.Colour(AVCOL_PRI_UNSPECIFIED, AVCOL_TRC_UNSPECIFIED, AVCOL_SPC_UNSPECIFIED);
  /** Units in the decoder at most (H.264 holds 16 reference pictures at most, plus slack). */
  private static final int MAX_PENDING = 32;

  private final List<Rung> rungs;
  private final int threads;
  private final Output out;
  private final Scaler[] scalers;
  private final VideoEncoder[] encoders;
  /** Decode times of the units given to the decoder whose pictures have not come out, and whether each was IDR. */
  private final ArrayDeque<long[]> decodeTimes = new ArrayDeque<>();
  private long pictureDts;
  private LiveVideoDecoder decoder;
  private byte[] avcc;
  private boolean behind;
  private long lastEncoderPts = Long.MIN_VALUE;
  /**
   * Every rung but the first is scaled and encoded on a thread of its own, beside the first on the caller's: one
   * thread doing all of them kept a 1080p source's ladder below real time on a 2-core machine with a core idle.
   */
  private final ExecutorService rungThreads;
  private long skipped;
  private long encoded;

  /**
   * @param threads x264 threads per rung (slice threads: zerolatency), 0 for x264's choice
   */
  public LiveLadder(List<Rung> rungs, int threads, Output out) {
    this.rungs = List.copyOf(rungs);
    this.threads = threads;
    this.out = out;
    this.scalers = new Scaler[rungs.size()];
    this.encoders = new VideoEncoder[rungs.size()];
    this.rungThreads = Executors.newFixedThreadPool(Math.max(1, rungs.size() - 1), task -> {
      Thread t = new Thread(task, "reelay-abr-rung");
      t.setDaemon(true);
      return t;
    });
  }

  /** One coded frame of a rung, at the encoder's time. */
  private record Coded(long pts, boolean keyframe, byte[] data) {
  }

  public List<Rung> rungs() {
    return rungs;
  }

  /** The source's (new) avcC: decoding starts over with it at the next unit. */
  public void configure(byte[] avcDecoderConfigurationRecord) throws TranscodeException {
    flush();
    avcc = avcDecoderConfigurationRecord.clone();
    for (int i = 0; i < rungs.size(); i++) {
      if (encoders[i] == null) {
        open(i); // now, not at the first picture: a rung's track must come before anything else of it
      }
    }
  }

  /**
   * Decodes one source access unit (4-byte length-prefixed NAL units) and encodes the pictures it completes.
   *
   * @param behind the caller is late: only keyframes are encoded (the others are decoded, since later frames refer
   *     to them, and counted in {@link #skipped()})
   */
  public void unit(byte[] data, long dts, long pts, boolean keyframe, boolean behind) throws TranscodeException {
    if (avcc == null) {
      return; // no configuration yet: nothing can be decoded
    }
    if (decoder == null) {
      decoder = new LiveVideoDecoder(avcc);
    }
    this.behind = behind;
    if (decodeTimes.size() == MAX_PENDING) {
      decodeTimes.removeFirst(); // units that gave no picture (damaged): forget the oldest
    }
    decodeTimes.addLast(new long[] {dts, keyframe ? 1 : 0});
    decoder.decode(data, dts, pts, keyframe, this::picture);
  }

  /** The publisher is gone (it may come back): the decoder gives out what it holds and starts over later. */
  public void flush() throws TranscodeException {
    if (decoder != null) {
      try {
        behind = false;
        decoder.drain(this::picture);
      } finally {
        decoder.close();
        decoder = null;
        decodeTimes.clear();
      }
    }
  }

  /** Source pictures not encoded because the caller was behind. */
  public long skipped() {
    return skipped;
  }

  /** Pictures encoded (once per source picture, for every rung). */
  public long encoded() {
    return encoded;
  }

  private void picture(AVFrame frame, boolean keyframe) throws TranscodeException {
    pictureDts = Math.min(frame.pts(), decodeTimeOf(keyframe, frame.pts()));
    if (behind && !keyframe) {
      skipped++;
      return;
    }
    long sourcePts = frame.pts();
    // x264 wants strictly increasing times; a reconnect may start the source's clock over.
    long encoderPts = Math.max(sourcePts, lastEncoderPts == Long.MIN_VALUE ? sourcePts : lastEncoderPts + 1);
    lastEncoderPts = encoderPts;
    long ptsShift = encoderPts - sourcePts; // the coded frames are given back the source's times
    List<Future<List<Coded>>> others = new ArrayList<>(rungs.size() - 1);
    for (int i = 1; i < rungs.size(); i++) {
      int rung = i;
      others.add(rungThreads.submit(() -> encodeRung(rung, frame, encoderPts, keyframe)));
    }
    TranscodeException failure = null;
    List<List<Coded>> coded = new ArrayList<>(rungs.size());
    try {
      coded.add(encodeRung(0, frame, encoderPts, keyframe));
    } catch (TranscodeException e) {
      failure = e;
    }
    for (Future<List<Coded>> other : others) { // every rung is done with the frame before the decoder reuses it
      try {
        coded.add(join(other));
      } catch (TranscodeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    for (int i = 0; i < coded.size(); i++) {
      for (Coded c : coded.get(i)) {
        long pts = c.pts() - ptsShift;
        out.frame(i, Math.min(pictureDts, pts), pts, c.keyframe(), c.data());
      }
    }
    encoded++;
  }

  /**
   * Scales the picture to rung {@code i} and encodes it: its coded frames (one with zerolatency). On the caller's
   * thread or a rung thread, for one picture at a time: a rung's scaler and encoder are never used concurrently.
   */
  private List<Coded> encodeRung(int i, AVFrame frame, long encoderPts, boolean keyframe) throws TranscodeException {
    AVFrame scaled = scalers[i].scale(frame);
    scaled.pts(encoderPts);
    VideoEncoder.forceKeyframe(scaled, keyframe);
    List<Coded> coded = new ArrayList<>(1);
    try {
      encoders[i].encode(scaled, packet -> {
        byte[] data = new byte[packet.size()];
        packet.data().position(0).get(data);
        coded.add(new Coded(packet.pts(), (packet.flags() & AV_PKT_FLAG_KEY) != 0, data));
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the sink never blocks; keep the flag for the caller
    }
    return coded;
  }

  private static List<Coded> join(Future<List<Coded>> rung) throws TranscodeException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return rung.get();
        } catch (InterruptedException e) {
          interrupted = true; // the frame must not be reused while a rung still reads it: wait on
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TranscodeException t) {
        throw t;
      }
      throw new TranscodeException("ABR rung failed: " + e.getCause(), e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The decode time for the next picture out: the next unit's, or for an IDR picture the IDR unit's. */
  private long decodeTimeOf(boolean keyframe, long pts) {
    while (!decodeTimes.isEmpty()) {
      long[] unit = decodeTimes.removeFirst();
      if (!keyframe || unit[1] == 1) {
        return unit[0];
      }
    }
    return pts;
  }

  /**
   * Opens rung {@code i}'s scaler and encoder. Before any picture is decoded, so the colour tags are left
   * unspecified (players then assume the usual ones for the size); the pixels are the source's.
   */
  private void open(int i) throws TranscodeException {
    Rung rung = rungs.get(i);
    scalers[i] = new Scaler(rung.width(), rung.height(), AV_PIX_FMT_YUV420P, SWS_BILINEAR);
    encoders[i] = VideoEncoder.live(rung, NOMINAL_FPS, threads, UNSPECIFIED);
    var ctx = encoders[i].context();
    byte[] headers = new byte[ctx.extradata_size()];
    ctx.extradata().position(0).get(headers);
    out.opened(i, headers);
  }

  @Override
  public void close() {
    rungThreads.shutdown();
    if (decoder != null) {
      decoder.close();
      decoder = null;
    }
    for (int i = 0; i < rungs.size(); i++) {
      if (encoders[i] != null) {
        encoders[i].close();
        encoders[i] = null;
      }
      if (scalers[i] != null) {
        scalers[i].close();
        scalers[i] = null;
      }
    }
  }
}
