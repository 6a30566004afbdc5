package io.reelay.live.abr;

import io.reelay.live.hls.LiveSegmenter;
import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.reelay.media.LiveLadder;
import io.reelay.media.Rung;
import io.reelay.media.TranscodeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live stream's ABR ladder on a thread of its own: the source's units go in (from the stream's context, never
 * blocking it), each rung's units come out to that rung's {@link LiveSegmenter}, called on the stream's context
 * ({@code context}) in the order the source's events came in. Audio is the source's, copied to every rung.
 *
 * <p>Bounded: at most {@link #MAX_VIDEO_QUEUED} video units wait. A worker that falls behind real time first
 * encodes only keyframes (from {@link #BEHIND_FRAMES} waiting), then, with its queue full, drops source units up to
 * the next keyframe (the decoder needs one to start again). Both are counted; the source rendition never waits.
 */
public final class AbrWorker {

  /** Video units waiting at most (about 3 s at 30 fps): beyond, units are dropped up to the next keyframe. */
  static final int MAX_VIDEO_QUEUED = 90;
  /** Video units waiting (about 0.5 s) from which only keyframes are encoded. */
  static final int BEHIND_FRAMES = 15;
  /** Any events waiting at most (audio too: a stuck worker must not hold memory without bound). */
  static final int MAX_QUEUED = 512;

  /** Audio frames (about 1 s) held at most for the rungs' video to catch up. */
  static final int MAX_HELD_AUDIO = 48;

  private static final Logger LOG = LoggerFactory.getLogger(AbrWorker.class);
  private static final Object FLUSH = new Object();

  private record Resume(VideoTrack video, AudioTrack audio) {
  }

  private record Finish() {
  }

  private final String streamId;
  private final List<LiveSegmenter> rungs;
  private final Executor context;
  private final LiveLadder ladder;
  private final RungFrames frames = new RungFrames();
  private final VideoTrack[] rungTracks;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger videoQueued = new AtomicInteger();
  private final Thread thread;
  /** Calls to make on the stream's context for the event being handled: posted together. */
  private List<Runnable> calls = new ArrayList<>();

  // on the stream's context
  private boolean skipToKeyframe;
  private boolean finished;
  private long droppedUnits;

  // on the worker
  /** Source audio not yet given to the rungs: it waits for the rungs' video of the same time (the decoder's delay). */
  private final ArrayDeque<AccessUnit> heldAudio = new ArrayDeque<>();
  /** Decode time of the last rung frame out. */
  private long videoDts = Long.MIN_VALUE;
  private volatile boolean failed;
  private volatile long skippedFrames;

  /**
   * @param segmenters one per rung, in the ladder's order; only called on {@code context}
   * @param threads x264 threads per rung (0: x264's choice)
   */
  public AbrWorker(String streamId, List<Rung> ladder, List<LiveSegmenter> segmenters, int threads, Executor context) {
    this.streamId = streamId;
    this.rungs = List.copyOf(segmenters);
    this.context = context;
    this.rungTracks = new VideoTrack[ladder.size()];
    this.ladder = new LiveLadder(ladder, threads, new LiveLadder.Output() {
      @Override
      public void opened(int rung, byte[] parameterSets) {
        VideoTrack track = frames.track(parameterSets);
        rungTracks[rung] = track;
        calls.add(() -> rungs.get(rung).video(track));
      }

      @Override
      public void frame(int rung, long dts, long pts, boolean keyframe, byte[] annexB) {
        AccessUnit unit = frames.unit(dts, pts, keyframe, annexB);
        calls.add(() -> rungs.get(rung).unit(unit));
        videoDts = dts;
      }
    });
    this.thread = new Thread(this::run, "reelay-live-abr-" + streamId);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  // ---- from the stream's context: never blocks

  public void video(VideoTrack track) {
    enqueue(track);
  }

  public void audio(AudioTrack track) {
    enqueue(track);
  }

  public void unit(AccessUnit unit) {
    if (finished) {
      return;
    }
    if (unit.kind() == MediaKind.VIDEO) {
      if (skipToKeyframe && !unit.keyframe()) {
        droppedUnits++;
        return;
      }
      if (videoQueued.get() >= MAX_VIDEO_QUEUED || queue.size() >= MAX_QUEUED) {
        skipToKeyframe = true;
        droppedUnits++;
        return;
      }
      skipToKeyframe = false;
      videoQueued.incrementAndGet();
    } else if (queue.size() >= MAX_QUEUED) {
      droppedUnits++;
      return;
    }
    queue.add(unit);
  }

  /** The publisher is gone; it may come back ({@link #resume}). */
  public void flush() {
    enqueue(FLUSH);
  }

  /** A publisher is back with these tracks (either may be null, as {@link LiveSegmenter#resume} takes them). */
  public void resume(VideoTrack video, AudioTrack audio) {
    enqueue(new Resume(video, audio));
  }

  /** The broadcast is over: the rungs finish, the worker frees FFmpeg's memory and stops. */
  public void finish() {
    enqueue(new Finish());
    finished = true;
  }

  /** Source units dropped because the worker was behind (never encoded). */
  public long droppedUnits() {
    return droppedUnits;
  }

  /** Source pictures decoded but not encoded because the worker was behind (keyframes only). */
  public long skippedFrames() {
    return skippedFrames;
  }

  /** The ladder failed (the source could not be decoded or an encoder not opened): its rungs have ended. */
  public boolean failed() {
    return failed;
  }

  /** Video units waiting for the worker. */
  int videoQueued() {
    return videoQueued.get();
  }

  /** Waits (at most {@code millis}) for the worker to have finished and freed its memory; true if it has. */
  public boolean awaitStopped(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
  }

  /** Control events are few and never dropped: the rungs must follow the source's flushes and end. */
  private void enqueue(Object event) {
    if (!finished) {
      queue.add(event);
    }
  }

  // ---- on the worker thread

  private void run() {
    try {
      while (true) {
        Object event = queue.take();
        if (event instanceof AccessUnit unit && unit.kind() == MediaKind.VIDEO) {
          videoQueued.decrementAndGet();
        }
        if (event instanceof Finish) {
          if (!failed) {
            handle(FLUSH); // the pictures still in the decoder
          }
          calls.add(() -> rungs.forEach(LiveSegmenter::finish));
          post();
          return;
        }
        if (!failed) {
          handle(event);
        }
        post();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ladder.close();
    }
  }

  private void handle(Object event) {
    try {
      if (event instanceof AccessUnit unit) {
        if (unit.kind() == MediaKind.VIDEO) {
          ladder.unit(unit.data(), unit.dts(), unit.pts(), unit.keyframe(), videoQueued.get() >= BEHIND_FRAMES);
          skippedFrames = ladder.skipped();
        } else {
          heldAudio.addLast(unit);
        }
        releaseAudio(false);
      } else if (event instanceof VideoTrack track) {
        ladder.configure(track.avcDecoderConfigurationRecord());
      } else if (event instanceof AudioTrack track) {
        calls.add(() -> rungs.forEach(r -> r.audio(track)));
      } else if (event == FLUSH) {
        ladder.flush();
        releaseAudio(true);
        videoDts = Long.MIN_VALUE;
        calls.add(() -> rungs.forEach(LiveSegmenter::flush));
      } else if (event instanceof Resume resume) {
        if (resume.video() != null) {
          ladder.configure(resume.video().avcDecoderConfigurationRecord());
        }
        VideoTrack[] tracks = rungTracks.clone();
        calls.add(() -> {
          for (int i = 0; i < rungs.size(); i++) {
            rungs.get(i).resume(tracks[i], resume.audio());
          }
        });
      }
    } catch (TranscodeException | RuntimeException e) {
      // The rungs end; the source rendition goes on. The queue is still drained (and discarded) until the end.
      LOG.warn("stream {}: live ABR ladder failed, its renditions end: {}", streamId, e.toString());
      failed = true;
      ladder.close();
      calls.clear();
      calls.add(() -> rungs.forEach(LiveSegmenter::finish));
    }
  }

  /**
   * Gives the rungs the held audio that is not ahead of their video, so each rung interleaves as the source does
   * (and starts its timeline at the same unit); all of it at a flush, or when too much waits (video stalled).
   */
  private void releaseAudio(boolean all) {
    while (!heldAudio.isEmpty()
        && (all || heldAudio.peekFirst().dts() <= videoDts || heldAudio.size() > MAX_HELD_AUDIO)) {
      AccessUnit unit = heldAudio.removeFirst();
      calls.add(() -> rungs.forEach(r -> r.unit(unit)));
    }
  }

  /** Makes the calls of the event just handled on the stream's context, in one task. */
  private void post() {
    if (calls.isEmpty()) {
      return;
    }
    List<Runnable> batch = calls;
    calls = new ArrayList<>();
    context.execute(() -> {
      for (Runnable call : batch) {
        try {
          call.run();
        } catch (RuntimeException e) {
          LOG.warn("stream {}: a live ABR rendition could not take its media: {}", streamId, e.toString());
        }
      }
    });
  }
}
