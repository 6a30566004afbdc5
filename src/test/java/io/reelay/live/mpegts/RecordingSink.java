package io.reelay.live.mpegts;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.IngestSink;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a demuxer emitted, in order. */
final class RecordingSink implements IngestSink {

  final List<Object> events = new ArrayList<>();

  @Override
  public void video(VideoTrack track) {
    events.add(track);
  }

  @Override
  public void audio(AudioTrack track) {
    events.add(track);
  }

  @Override
  public void unit(AccessUnit unit) {
    events.add(unit);
  }

  @Override
  public boolean full() {
    return false;
  }

  @Override
  public void drainHandler(Runnable handler) {
  }

  @Override
  public void end() {
  }

  List<AccessUnit> units(MediaKind kind) {
    return events.stream().filter(e -> e instanceof AccessUnit u && u.kind() == kind).map(AccessUnit.class::cast)
        .toList();
  }

  List<VideoTrack> videoTracks() {
    return events.stream().filter(VideoTrack.class::isInstance).map(VideoTrack.class::cast).toList();
  }

  List<AudioTrack> audioTracks() {
    return events.stream().filter(AudioTrack.class::isInstance).map(AudioTrack.class::cast).toList();
  }
}
