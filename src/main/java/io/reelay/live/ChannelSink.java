package io.reelay.live;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.IngestSink;
import io.reelay.live.ingest.VideoTrack;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher connection's way into its channel. Calls arrive on the connection's context and are carried
 * to the channel's (directly when they are the same event loop, which is the usual case). Backpressure is the
 * recording's: while its writes pending on disk exceed the bound, the source pauses.
 */
final class ChannelSink implements IngestSink {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelSink.class);

  private final LiveChannel channel;
  private final Context connection;
  private final Runnable disconnect;
  private final RecordingWriter recording;
  private volatile boolean detached;
  private boolean ended;

  ChannelSink(LiveChannel channel, Context connection, Runnable disconnect, RecordingWriter recording) {
    this.channel = channel;
    this.connection = connection;
    this.disconnect = disconnect;
    this.recording = recording;
  }

  @Override
  public void video(VideoTrack track) {
    deliver(() -> channel.video(this, track));
  }

  @Override
  public void audio(AudioTrack track) {
    deliver(() -> channel.audio(this, track));
  }

  @Override
  public void unit(AccessUnit unit) {
    deliver(() -> channel.unit(this, unit));
  }

  @Override
  public String streamId() {
    return channel.streamId();
  }

  @Override
  public boolean full() {
    return recording.full();
  }

  @Override
  public void drainHandler(Runnable handler) {
    recording.drainHandler(() -> connection.runOnContext(v -> handler.run()));
  }

  @Override
  public void end() {
    if (!ended) {
      ended = true;
      deliver(() -> channel.publisherGone(this));
    }
  }

  /** The channel let this publisher go (taken over, key revoked, broadcast ended): closes its connection. */
  void detach() {
    if (!detached) {
      detached = true;
      connection.runOnContext(v -> disconnect.run());
    }
  }

  private void deliver(Runnable call) {
    if (detached) {
      return;
    }
    if (connection == channel.context) {
      guarded(call);
    } else {
      channel.context.runOnContext(v -> guarded(call));
    }
  }

  /** What the source sent made the segmenter give up (a malformed codec configuration): this publisher goes. */
  private void guarded(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("stream {}: the publisher's media cannot be segmented, disconnecting it: {}", channel.streamId(), e.toString());
      channel.kick("bad media: " + e.getMessage());
    }
  }
}
