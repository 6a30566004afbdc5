package io.reelay.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * One transcode, from one decode of the source: each decoded video frame goes through the source's
 * {@link PictureChain} (deinterlaced, turned upright, HDR tone-mapped — only what the source needs), then each
 * output frame goes, as a reference to that picture, to every rendition's {@link RungWorker} and, when due, to
 * the poster and the storyboard; audio is encoded once and its packets go to every rendition. Runs on the
 * caller's thread; the workers run beside it.
 */
final class TranscodeRun implements SourceDecoder.Sink, AutoCloseable {

  static final String THUMBS = "thumbs";
  private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

  private final SourceDecoder source;
  private final MediaInfo info;
  private final Path dir;
  private final TranscodeSettings settings;
  private final TranscodeProgress progress;
  private final List<Rung> rungs;
  private final int fpsNum;
  private final int fpsDen;
  private final List<VideoEncoder> videoEncoders = new ArrayList<>();
  private final List<HlsWriter> writers = new ArrayList<>();
  private final List<RungWorker> workers = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private AudioEncoder audio;
  private PictureChain pictures;
  private Poster poster;
  private Storyboard storyboard;
  private FrameClock clock;
  private long audioOffsetMicros = Long.MIN_VALUE;
  private long lastProgress;

  TranscodeRun(SourceDecoder source, MediaInfo info, Path dir, TranscodeSettings settings,
      TranscodeProgress progress) throws TranscodeException {
    this.source = source;
    this.info = info;
    this.dir = dir;
    this.settings = settings;
    this.progress = progress;
    this.rungs = source.videoStream() != null ? Ladder.plan(info) : List.of();
    if (source.videoStream() != null && rungs.isEmpty()) {
      throw new TranscodeException("the video has no usable picture size");
    }
    AVRational rate = outputFrameRate(source.videoStream());
    fpsNum = rate.num();
    fpsDen = rate.den();
    try {
      open();
    } catch (TranscodeException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The source's average frame rate, at most {@link Ladder#MAX_FRAME_RATE}; 30 when unknown. */
  private static AVRational outputFrameRate(AVStream video) {
    AVRational none = new AVRational().num(30).den(1);
    if (video == null) {
      return none;
    }
    for (AVRational r : new AVRational[] {video.avg_frame_rate(), video.r_frame_rate()}) {
      if (r.num() > 0 && r.den() > 0 && (double) r.num() / r.den() >= 1) {
        if ((double) r.num() / r.den() > Ladder.MAX_FRAME_RATE) {
          return new AVRational().num((int) Ladder.MAX_FRAME_RATE).den(1);
        }
        return new AVRational().num(r.num()).den(r.den());
      }
    }
    return none;
  }

  private void open() throws TranscodeException {
    if (source.audioStream() != null) {
      audio = new AudioEncoder(source.audioDecoder().sample_rate());
    }
    int keyframeFrames = (int) Math.max(1, Math.round((double) fpsNum / fpsDen * settings.keyframeSeconds()));
    SourcePicture picture = source.videoStream() == null ? null : SourcePicture.of(source.videoStream());
    for (Rung rung : rungs) {
      VideoEncoder encoder = new VideoEncoder(rung, fpsNum, fpsDen, keyframeFrames, settings.threads(),
          PictureFilters.outputColour(picture));
      videoEncoders.add(encoder);
      addOutput(rung.name(), encoder);
    }
    if (rungs.isEmpty()) {
      addOutput("audio", null);
    } else {
      Path thumbs = createDir(THUMBS);
      Rung top = rungs.get(0);
      pictures = new PictureChain(picture, top.width(), top.height(), source.videoStream().time_base());
      poster = new Poster(thumbs.resolve(Poster.FILE), top.width(), top.height(), info.durationMs());
      storyboard = new Storyboard(thumbs, top.width(), top.height(), settings.storyboardInterval(info.durationMs()));
    }
  }

  private void addOutput(String name, VideoEncoder encoder) throws TranscodeException {
    HlsWriter writer = new HlsWriter(createDir(name), encoder == null ? null : encoder.context(),
        audio == null ? null : audio.context(), settings.segmentSeconds());
    writers.add(writer);
    workers.add(new RungWorker(name, encoder, writer));
    names.add(name);
  }

  private Path createDir(String name) throws TranscodeException {
    try {
      return Files.createDirectories(dir.resolve(name));
    } catch (IOException e) {
      throw new TranscodeException("could not create the output directory", e);
    }
  }

  TranscodeResult run() throws TranscodeException, InterruptedException {
    workers.forEach(RungWorker::start);
    source.run(this);
    if (pictures != null) {
      pictures.flush(this::output);
    }
    if (audio != null) {
      audio.flush(this::fanOutAudio);
    }
    for (RungWorker worker : workers) {
      worker.end();
    }
    for (RungWorker worker : workers) {
      worker.join();
    }
    checkComplete();
    return finish();
  }

  @Override
  public void video(AVFrame frame) throws TranscodeException, InterruptedException {
    frame.pts(frame.best_effort_timestamp()); // what the filters carry through, when there are any
    pictures.push(frame, this::output);
  }

  /** An upright, progressive, SDR picture (pts in the source's time base): into the output frame slots. */
  private void output(AVFrame frame) throws TranscodeException, InterruptedException {
    if (clock == null) {
      AVRational tb = source.videoStream().time_base();
      long start = Math.round(source.startTimeMicros() / 1e6 * tb.den() / tb.num());
      clock = new FrameClock(tb.num(), tb.den(), start, fpsNum, fpsDen);
    }
    int slots = clock.slots(frame.pts());
    for (int i = 0; i < slots; i++) {
      long pts = clock.next();
      clock.advance(1);
      double seconds = (double) pts * fpsDen / fpsNum;
      poster.offer(frame, seconds);
      storyboard.offer(frame, seconds);
      for (RungWorker worker : workers) {
        worker.video(reference(frame, pts));
      }
      reportProgress(seconds);
    }
  }

  /**
   * A new reference to the decoded picture (no pixel copy), stamped with its output frame number. The
   * decoder's picture type is cleared: libx264 turns an incoming I-frame type into a forced keyframe, which
   * would put the source's keyframes into the renditions that skip scaling and break their alignment.
   */
  private static AVFrame reference(AVFrame frame, long pts) throws TranscodeException {
    AVFrame ref = av_frame_clone(frame);
    if (ref == null || ref.isNull()) {
      throw new TranscodeException("out of memory");
    }
    ref.pts(pts);
    ref.duration(1);
    ref.pict_type(AV_PICTURE_TYPE_NONE);
    ref.flags(ref.flags() & ~Av.FRAME_FLAG_KEY);
    return ref;
  }

  @Override
  public void audio(AVFrame frame) throws TranscodeException, InterruptedException {
    if (audioOffsetMicros == Long.MIN_VALUE) {
      AVRational tb = source.audioStream().time_base();
      long ts = frame.best_effort_timestamp();
      audioOffsetMicros = ts == AV_NOPTS_VALUE ? 0
          : Math.round(ts * 1e6 * tb.num() / tb.den()) - source.startTimeMicros();
    }
    audio.encode(frame, audioOffsetMicros * audio.sampleRate() / 1_000_000, this::fanOutAudio);
    if (rungs.isEmpty()) {
      reportProgress((double) audio.samplesOut() / audio.sampleRate());
    }
  }

  private void fanOutAudio(AVPacket packet) throws TranscodeException, InterruptedException {
    for (RungWorker worker : workers) {
      AVPacket ref = av_packet_clone(packet);
      if (ref == null || ref.isNull()) {
        throw new TranscodeException("out of memory");
      }
      worker.audio(ref);
    }
  }

  private void reportProgress(double seconds) {
    long now = System.nanoTime();
    if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
      lastProgress = now;
      progress.update(Math.max(0, Math.min(1, seconds * 1000 / info.durationMs())));
    }
  }

  /**
   * A source that decodes to much less than its stated duration is truncated or damaged: say so. The slack
   * (10%, at least half a second) allows for streams that end a little before the container says.
   */
  private void checkComplete() throws TranscodeException {
    if (!rungs.isEmpty() && (clock == null || clock.next() == 0)) {
      throw new TranscodeException("no video frame could be decoded");
    }
    double videoSeconds = clock == null ? 0 : (double) clock.next() * fpsDen / fpsNum;
    double audioSeconds = audio == null ? 0 : (double) audio.samplesOut() / audio.sampleRate();
    long coveredMs = Math.round(Math.max(videoSeconds, audioSeconds) * 1000);
    long expectedMs = info.durationMs();
    if (coveredMs < expectedMs - Math.max(500, expectedMs / 10)) {
      throw new TranscodeException(String.format("the file ends early: only %.1f of %.1f s could be decoded "
          + "(is it truncated?)", coveredMs / 1000.0, expectedMs / 1000.0));
    }
  }

  private TranscodeResult finish() throws TranscodeException {
    List<Rendition> renditions = new ArrayList<>();
    double duration = 0;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String playlist = name + "/" + HlsWriter.PLAYLIST;
      SegmentStats stats = SegmentStats.of(dir.resolve(playlist));
      duration = Math.max(duration, stats.durationSeconds());
      String audioCodec = audio == null ? null : "mp4a.40.2";
      if (rungs.isEmpty()) {
        renditions.add(new Rendition(name, 0, 0, stats.peakBitrate(), stats.averageBitrate(), audioCodec, 0,
            playlist));
      } else {
        Rung rung = rungs.get(i);
        String codecs = videoEncoders.get(i).codecs() + (audioCodec == null ? "" : "," + audioCodec);
        renditions.add(new Rendition(name, rung.width(), rung.height(), stats.peakBitrate(),
            stats.averageBitrate(), codecs, (double) fpsNum / fpsDen, playlist));
      }
    }
    List<Rendition> lowestFirst = new ArrayList<>(renditions);
    Collections.reverse(lowestFirst); // the ladder is planned highest first
    long durationMs = Math.round(duration * 1000);
    String posterPath = null;
    String storyboardPath = null;
    if (poster != null && poster.written()) {
      posterPath = THUMBS + "/" + Poster.FILE;
    }
    if (storyboard != null && storyboard.finish(durationMs)) {
      storyboardPath = THUMBS + "/" + Storyboard.VTT;
    }
    try {
      Files.writeString(dir.resolve(HlsMaster.FILE), HlsMaster.render(lowestFirst), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TranscodeException("could not write the master playlist", e);
    }
    progress.update(1);
    return new TranscodeResult(lowestFirst, HlsMaster.FILE, posterPath, storyboardPath, durationMs);
  }

  /** Stops the workers if they still run, then frees every native resource. */
  @Override
  public void close() {
    boolean interrupted = false;
    for (RungWorker worker : workers) {
      worker.cancel();
      interrupted |= Thread.interrupted(); // cancel() re-asserts an interrupt it swallowed; keep closing
    }
    writers.forEach(HlsWriter::close);
    videoEncoders.forEach(VideoEncoder::close);
    if (pictures != null) {
      pictures.close();
    }
    if (audio != null) {
      audio.close();
    }
    if (poster != null) {
      poster.close();
    }
    if (storyboard != null) {
      storyboard.close();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
