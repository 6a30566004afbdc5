package io.reelay.live.ingest;

import io.vertx.core.Future;

/**
 * Admits a publisher: what every ingest protocol asks once it knows the stream key. The answer comes back on the
 * caller's context.
 */
public interface Publishers {

  /**
   * Opens a publishing session for {@code streamKey}, or fails with a {@link PublishRefused} saying why (unknown
   * or revoked key, the stream is live from another publisher that is still sending).
   *
   * @param protocol "rtmp", "srt", ... (for logs and metrics)
   * @param remote the publisher's address, for logs
   * @param disconnect closes the publisher's connection; run on the connection's context when Reelay lets the
   *     publisher go (its key was revoked, a new publisher took over a silent one, the stream ended)
   */
  Future<IngestSink> publish(String protocol, String streamKey, String remote, Runnable disconnect);
}
