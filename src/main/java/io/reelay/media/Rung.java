package io.reelay.media;

/**
 * One rung of the ladder: an H.264 rendition of the source at one size.
 *
 * @param name         "1080p", "720p", "480p", "360p" (the short side of the ladder's box), or the
 *                     source's own short side for a source below 360p, e.g. "240p"
 * @param width        even, in pixels
 * @param height       even, in pixels
 * @param videoBitrate target (average) video bit rate in bits per second
 */
public record Rung(String name, int width, int height, long videoBitrate) {
}
