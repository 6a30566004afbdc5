package io.reelay.live.rtmp;

import io.reelay.live.ingest.IngestSink;
import io.reelay.live.ingest.TimestampExtender;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admitted publish on a connection: hands its media to the {@link IngestSink} with 64-bit timestamps, and
 * ends the sink exactly once. Owned by the connection's context like the connection itself.
 */
final class PublishSession {

  private static final Logger log = LoggerFactory.getLogger(PublishSession.class);

  private final int streamId;
  private final String key;
  private final String remote;
  private final IngestSink sink;
  private final TimestampExtender audioClock = new TimestampExtender(32);
  private final TimestampExtender videoClock = new TimestampExtender(32);
  private long messages;
  private boolean ended;

  PublishSession(int streamId, String key, String remote, IngestSink sink) {
    this.streamId = streamId;
    this.key = key;
    this.remote = remote;
    this.sink = sink;
    log.info("rtmp publish start: key={} remote={}", masked(key), remote);
  }

  int streamId() {
    return streamId;
  }

  /** An audio or video message of this stream. */
  void media(RtmpMessage m) {
    messages++;
    if (m.type() == RtmpMessage.AUDIO) {
      FlvTags.audio(audioClock.extend(m.timestamp()), m.payload(), sink);
    } else {
      FlvTags.video(videoClock.extend(m.timestamp()), m.payload(), sink);
    }
  }

  /** The values of a data message: onMetaData is logged, the rest (cue points, text) ignored. */
  void data(List<Object> values) {
    StreamMetadata metadata = StreamMetadata.from(values);
    if (metadata != null) {
      log.info("rtmp metadata: key={} remote={} {}", masked(key), remote, metadata);
    }
  }

  boolean full() {
    return !ended && sink.full();
  }

  void drainHandler(Runnable handler) {
    sink.drainHandler(handler);
  }

  /** Ends the sink (once) and logs why. */
  void end(String reason) {
    if (!ended) {
      ended = true;
      log.info("rtmp publish end: key={} remote={} reason={} messages={}", masked(key), remote, reason, messages);
      sink.end();
    }
  }

  /** Stream keys are secrets: logs show enough to tell streams apart. */
  static String masked(String key) {
    return key.length() <= 4 ? "****" : key.substring(0, 4) + "****";
  }
}
