package io.reelay.live.mpegts;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.IngestSink;
import io.reelay.live.ingest.VideoTrack;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds the first units back until every track the PMT announced has its configuration. RTMP sends both sequence
 * headers before any media; in a transport stream the audio configuration is only known from the first ADTS frame,
 * which often comes after the first video frame. Passed on as they came, the segmenter would make a video-only
 * init segment and then start again with a discontinuity when the audio track arrives.
 *
 * <p>A track that never comes (announced but silent) does not hold the stream: the gate opens after
 * {@link #MAX_WAIT} of held media or at the end. Tracks pass at once; only units are held, in their order.
 */
final class StartGate implements IngestSink {

  static final long MAX_WAIT = 2L * AccessUnit.CLOCK_HZ;
  private static final int MAX_UNITS = 1000;

  private final IngestSink sink;
  private final List<AccessUnit> held = new ArrayList<>();
  private boolean open;
  private boolean expectVideo;
  private boolean expectAudio;
  private boolean sawVideo;
  private boolean sawAudio;

  StartGate(IngestSink sink) {
    this.sink = sink;
  }

  /** The tracks the program announced (from each PMT version; nothing is awaited before the first). */
  void expect(boolean video, boolean audio) {
    expectVideo = video;
    expectAudio = audio;
    openIfReady();
  }

  /** The end of the stream: hands on what was held. */
  void release() {
    open = true;
    held.forEach(sink::unit);
    held.clear();
  }

  @Override
  public void video(VideoTrack track) {
    if (sawVideo) {
      release(); // a second configuration: the held units need the first
    }
    sawVideo = true;
    sink.video(track);
    openIfReady();
  }

  @Override
  public void audio(AudioTrack track) {
    if (sawAudio) {
      release();
    }
    sawAudio = true;
    sink.audio(track);
    openIfReady();
  }

  @Override
  public void unit(AccessUnit unit) {
    if (open) {
      sink.unit(unit);
      return;
    }
    held.add(unit);
    if (unit.dts() - held.get(0).dts() >= MAX_WAIT || held.size() >= MAX_UNITS) {
      release();
    }
  }

  private void openIfReady() {
    if (!open && (sawVideo || !expectVideo) && (sawAudio || !expectAudio)) {
      release();
    }
  }

  @Override
  public boolean full() {
    return sink.full();
  }

  @Override
  public void drainHandler(Runnable handler) {
    sink.drainHandler(handler);
  }

  @Override
  public void end() {
    sink.end();
  }
}
