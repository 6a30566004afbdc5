package io.reelay.live;

import io.reelay.live.hls.LiveHlsOptions;
import io.reelay.node.config.ReelayConfig;

/**
 * How a node runs live streams; see the live keys in the README's configuration table.
 *
 * @param hls how streams are cut into parts and segments, and the playlist window
 * @param reconnectGraceMs a publisher back within this long continues the same playlist
 * @param silentMs a publisher that sent nothing for this long may be replaced by a new one on the same key
 * @param lingerMs an ended stream's playlist (with its ENDLIST) stays servable this long
 * @param abr every broadcast also gets an ABR ladder (720p/480p/360p below the source) and a master playlist
 */
public record LiveSettings(LiveHlsOptions hls, long reconnectGraceMs, long silentMs, long lingerMs, boolean abr) {

  static final long SILENT_MS = 3_000;
  static final long LINGER_MS = 60_000;

  public static LiveSettings from(ReelayConfig config) {
    LiveHlsOptions d = LiveHlsOptions.DEFAULTS;
    LiveHlsOptions hls = new LiveHlsOptions(config.livePartMillis(), config.liveSegmentMillis(), d.forceFactor(),
        d.breakMs(), d.overlapMs(), config.liveWindowSegments());
    return new LiveSettings(hls, config.liveReconnectGraceMillis(), SILENT_MS, LINGER_MS, config.liveAbr());
  }
}
