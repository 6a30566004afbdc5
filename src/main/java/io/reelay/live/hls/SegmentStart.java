package io.reelay.live.hls;

/**
 * What is known of a segment when its first part begins: the tags a playlist writes before its parts.
 *
 * @param initVersion the init segment ({@code EXT-X-MAP}) it needs
 * @param discontinuity it starts a new timeline or new tracks ({@code EXT-X-DISCONTINUITY})
 * @param programDateTime wall clock of its first frame, epoch milliseconds ({@code EXT-X-PROGRAM-DATE-TIME})
 * @param independent it starts with a keyframe (or is audio only)
 */
public record SegmentStart(long msn, int initVersion, boolean discontinuity, long programDateTime,
    boolean independent) {
}
