package io.reelay.live;

import io.reelay.live.hls.InitSegment;
import io.reelay.live.hls.MediaSlice;
import io.reelay.live.hls.Segment;
import io.reelay.live.hls.SegmenterListener;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a broadcast: the init segment, then every finished segment, appended to one fragmented MP4 file
 * (a valid MP4 that FFmpeg and the transcoder read like any other). Writes run in order on a worker; while
 * more than {@link #HIGH_WATER_BYTES} wait to be written the publisher is paused (the ingest's backpressure),
 * and it resumes below {@link #LOW_WATER_BYTES}.
 *
 * <p>Only the broadcast's first track configuration is recorded: after the publisher changes codec settings
 * mid-stream (a new init segment) the recording stops growing, as a file cannot switch decoder setup halfway.
 */
final class RecordingWriter implements SegmenterListener {

  static final long HIGH_WATER_BYTES = 8L << 20;
  static final long LOW_WATER_BYTES = 2L << 20;
  private static final Logger LOG = LoggerFactory.getLogger(RecordingWriter.class);

  private final Path file;
  private final WorkerExecutor writer;
  private final AtomicLong pending = new AtomicLong();
  private final Promise<Void> finished = Promise.promise();
  private final AtomicReference<Runnable> drainHandler = new AtomicReference<>();
  private FileChannel channel;
  private int initVersion = -1;
  private boolean stopped;
  private long segments;
  private Future<Void> last = Future.succeededFuture();

  RecordingWriter(Path file, WorkerExecutor writer) {
    this.file = file;
    this.writer = writer;
  }

  Path file() {
    return file;
  }

  /** Completes when the recording is written and closed, after the broadcast ended. */
  Future<Void> finished() {
    return finished.future();
  }

  long segments() {
    return segments;
  }

  boolean full() {
    return pending.get() > HIGH_WATER_BYTES;
  }

  /** Runs {@code handler} once the pending writes fall below the low-water mark (at once if they already have). */
  void drainHandler(Runnable handler) {
    drainHandler.set(handler);
    if (pending.get() < LOW_WATER_BYTES) {
      drained();
    }
  }

  private void drained() {
    Runnable handler = drainHandler.getAndSet(null);
    if (handler != null) {
      handler.run();
    }
  }

  @Override
  public void init(InitSegment init) {
    if (initVersion < 0) {
      initVersion = init.version();
      write(ByteBuffer.wrap(init.bytes()));
    } else if (init.version() != initVersion && !stopped) {
      stopped = true;
      LOG.info("recording {}: the publisher changed its tracks; the recording ends here", file);
    }
  }

  @Override
  public void segment(Segment segment) {
    if (stopped || segment.start().initVersion() != initVersion) {
      return;
    }
    segments++;
    List<MediaSlice> parts = segment.parts().stream().map(p -> p.media().retain()).toList();
    write(parts.stream().map(MediaSlice::asByteBuffer).toArray(ByteBuffer[]::new))
        .onComplete(done -> parts.forEach(MediaSlice::release));
  }

  @Override
  public void ended() {
    last.eventually(() -> writer.executeBlocking(() -> {
      close();
      return null;
    })).onComplete(done -> finished.tryComplete());
  }

  /** Queues the chunks; the future completes once they are written (or the write failed). */
  private Future<Void> write(ByteBuffer... chunks) {
    long size = 0;
    for (ByteBuffer chunk : chunks) {
      size += chunk.remaining();
    }
    long bytes = size;
    pending.addAndGet(bytes);
    // Chained, so writes land in order whatever the worker pool does.
    last = last.eventually(() -> writer.executeBlocking(() -> {
      append(chunks);
      return null;
    }, false)).andThen(done -> {
      if (done.failed()) {
        LOG.warn("recording {}: write failed, recording stops: {}", file, done.cause().toString());
        stopped = true;
      }
      if (pending.addAndGet(-bytes) < LOW_WATER_BYTES) {
        drained();
      }
    });
    return last;
  }

  private void append(ByteBuffer[] chunks) throws IOException {
    if (channel == null) {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    for (ByteBuffer chunk : chunks) {
      while (chunk.hasRemaining()) {
        channel.write(chunk);
      }
    }
  }

  private void close() throws IOException {
    if (channel != null) {
      channel.force(false);
      channel.close();
    }
  }
}
