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
   */
  Future<IngestSink> publish(String protocol, String streamKey, String remote);
}
