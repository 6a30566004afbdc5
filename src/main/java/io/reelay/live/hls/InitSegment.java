package io.reelay.live.hls;

/**
 * An fMP4 initialization segment ({@code EXT-X-MAP}). A stream gets a new version when its tracks change.
 *
 * @param codecs the RFC 6381 CODECS value for a multivariant playlist, e.g. {@code avc1.64001f,mp4a.40.2}
 * @param width coded picture width after cropping, 0 without video
 * @param height 0 without video
 */
public record InitSegment(int version, byte[] bytes, String codecs, int width, int height) {
}
