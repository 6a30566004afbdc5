package io.reelay.live.hls;

/**
 * One LL-HLS partial segment: one fMP4 fragment ({@code moof} + {@code mdat}).
 *
 * @param msn media sequence number of its parent segment
 * @param index its place in the parent segment, from 0
 * @param number its place in the whole stream, from 1: its URI, so that the next part can be hinted before anyone
 *     knows whether it opens a new segment
 * @param duration 90 kHz ticks
 * @param independent it starts with a keyframe (or is audio only): a player can start decoding here
 * @param media the fragment's bytes
 */
public record Part(long msn, int index, long number, long duration, boolean independent, MediaSlice media) {

  public double seconds() {
    return duration / 90_000.0;
  }
}
