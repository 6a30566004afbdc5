package io.reelay.live.abr;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.MediaKind;
import io.reelay.live.ingest.VideoTrack;
import io.reelay.live.mpegts.AnnexB;
import io.reelay.media.fmp4.AvcConfig;

/** x264's Annex B output as the live pipeline takes it: a {@link VideoTrack} and {@link AccessUnit}s. */
final class RungFrames {

  private final AnnexB nals = new AnnexB();

  /** The track of an encoder's parameter sets (SPS and PPS, Annex B). */
  VideoTrack track(byte[] parameterSets) {
    nals.split(parameterSets, 0, parameterSets.length);
    return new VideoTrack(AvcConfig.record(nals.ofType(parameterSets, AnnexB.SPS), nals.ofType(parameterSets, AnnexB.PPS)));
  }

  /** A coded frame. */
  AccessUnit unit(long dts, long pts, boolean keyframe, byte[] annexB) {
    nals.split(annexB, 0, annexB.length);
    return new AccessUnit(MediaKind.VIDEO, dts, pts, keyframe, nals.lengthPrefixedWithoutConfig(annexB));
  }
}
