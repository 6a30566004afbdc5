package io.reelay.live.ingest;

/**
 * One coded frame of a live source, in the form every ingest protocol converts to and the segmenter takes.
 *
 * <ul>
 *   <li>{@link MediaKind#VIDEO}: one H.264 access unit as length-prefixed NAL units (4-byte big-endian lengths,
 *       as FLV and MP4 carry them; an Annex B source converts its start codes);
 *   <li>{@link MediaKind#AUDIO}: one raw AAC frame (no ADTS header).
 * </ul>
 * Timestamps are in the source's clock, in 90 kHz ticks (RTMP milliseconds × 90; MPEG-TS as it is), not yet
 * rebased or repaired: the segmenter does that once for every ingest.
 *
 * @param dts decode time, 90 kHz ticks
 * @param pts presentation time, 90 kHz ticks (equal to {@code dts} for audio)
 * @param keyframe an IDR access unit (video); always true for audio
 */
public record AccessUnit(MediaKind kind, long dts, long pts, boolean keyframe, byte[] data) {

  /** Ticks per second of every ingest timestamp. */
  public static final int CLOCK_HZ = 90_000;
}
