package io.reelay.live.ingest;

/**
 * Where an ingest connection (RTMP, SRT, ...) hands one published stream. Called only on the connection's
 * context, in stream order: track configurations before the units that need them.
 *
 * <p>Backpressure: while {@link #full()} is true the source stops reading its socket, and resumes when the
 * handler given to {@link #drainHandler} runs. A source never buffers units without bound.
 */
public interface IngestSink {

  /** A video configuration, at the start and whenever the source sends a new one. */
  void video(VideoTrack track);

  /** An audio configuration, at the start and whenever the source sends a new one. */
  void audio(AudioTrack track);

  /** One access unit. */
  void unit(AccessUnit unit);

  /** The sink's queue is full: the source should pause reading. */
  boolean full();

  /** Called (on the connection's context) once the queue has room again after {@link #full()} was true. */
  void drainHandler(Runnable handler);

  /** The id of the stream this sink publishes, when known (logs and per-connection stats). */
  default String streamId() {
    return null;
  }

  /**
   * The publisher is gone: it unpublished, closed or vanished, or its connection broke on garbage. Called at
   * most once; nothing is called after it.
   */
  void end();
}
