package io.reelay.live.mpegts;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.IngestSink;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.reelay.media.fmp4.AvcConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns H.264 PES packets (one access unit each, Annex B) into what RTMP ingest produces: access units of NAL
 * units with 4-byte lengths, and a {@link VideoTrack} built from the SPS and PPS.
 *
 * <p>RTMP sends the parameter sets only in the sequence header, and the segmenter writes them only to the init
 * segment (avc1), so they are taken out of the units here too, as are access unit delimiters, which MP4 does not
 * carry. Encoders for MPEG-TS repeat SPS/PPS at every keyframe: a track is sent before the first unit and then
 * only when they differ, since a new track makes the segmenter start a new init segment and a discontinuity.
 */
final class AvcUnits implements PesListener {

  private static final int IDR = 5;
  private static final int SPS = 7;
  private static final int PPS = 8;
  private static final int AUD = 9;
  private static final long DEFAULT_STEP = AccessUnit.CLOCK_HZ / 30;

  private static final Logger log = LoggerFactory.getLogger(AvcUnits.class);

  private final IngestSink sink;
  private final TsCounters counters;
  private final AnnexB nals = new AnnexB();
  private byte[] sps;
  private List<byte[]> pps = List.of();
  private boolean configChanged;
  private byte[] sentRecord;
  private long lastDts = NO_TIME;
  private long step = DEFAULT_STEP;

  AvcUnits(IngestSink sink, TsCounters counters) {
    this.sink = sink;
    this.counters = counters;
  }

  @Override
  public void pes(long pts, long dts, byte[] b, int from, int to) {
    nals.split(b, from, to);
    int size = 0;
    boolean keyframe = false;
    List<byte[]> unitPps = null;
    for (int i = 0; i < nals.count(); i++) {
      int s = nals.start(i);
      int e = nals.end(i);
      switch (b[s] & 0x1f) {
        case SPS -> {
          if (sps == null || !Arrays.equals(sps, 0, sps.length, b, s, e)) {
            sps = Arrays.copyOfRange(b, s, e);
            configChanged = true;
          }
        }
        case PPS -> {
          unitPps = unitPps == null ? new ArrayList<>(1) : unitPps;
          unitPps.add(Arrays.copyOfRange(b, s, e));
        }
        case AUD -> { }
        default -> {
          keyframe |= (b[s] & 0x1f) == IDR;
          size += 4 + e - s;
        }
      }
    }
    if (unitPps != null && !same(unitPps, pps)) {
      pps = unitPps;
      configChanged = true;
    }
    if (configChanged) {
      sendTrack();
    }
    if (size == 0) {
      return; // only parameter sets or delimiters
    }
    if (sentRecord == null) {
      counters.unitsDropped++; // a decoder cannot start before its SPS and PPS; the next keyframe brings them
      return;
    }
    if (pts == NO_TIME) {
      if (lastDts == NO_TIME) {
        counters.unitsDropped++;
        return;
      }
      pts = dts = lastDts + step; // a PTS may be left out (2.7.4); the frame rate so far fills it in
    } else if (lastDts != NO_TIME && dts > lastDts) {
      step = dts - lastDts;
    }
    lastDts = dts;
    sink.unit(new AccessUnit(MediaKind.VIDEO, dts, pts, keyframe, nals.lengthPrefixedWithoutConfig(b)));
  }

  @Override
  public void discontinuity() {
    // each PES is a whole access unit: nothing is carried over from one to the next
  }

  /** Sends the track when the SPS and PPS make a record that differs from the last one sent and parses. */
  private void sendTrack() {
    if (sps == null || pps.isEmpty()) {
      return;
    }
    configChanged = false;
    byte[] record;
    try {
      record = AvcConfig.record(List.of(sps), pps);
      if (Arrays.equals(record, sentRecord)) {
        return;
      }
      AvcConfig.parse(record); // the segmenter will; a bad SPS is the source's problem, not a reason to fail here
    } catch (RuntimeException e) {
      log.warn("mpeg-ts H.264 parameter sets ignored: {}", e.getMessage());
      return;
    }
    sentRecord = record;
    sink.video(new VideoTrack(record));
  }

  private static boolean same(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
